package io.flowproof.domain.port;

import io.flowproof.domain.flow.FlowFile;
import java.util.List;
import reactor.core.publisher.Mono;

/** Reads YAML flow files ({@code .business-use/*.yaml}) into flow definitions, reporting every problem with its line. */
public interface FlowFiles {

    /**
     * Reads a file, or every {@code *.yaml}/{@code *.yml} under a directory (recursively, skipping
     * {@code secrets.yaml*} and {@code config.yaml*}), in path order. A location that does not exist gives
     * one invalid file naming it.
     */
    Mono<List<FlowFile>> read(String location);

    /** Parses one file's text; {@code name} is used in problems. */
    FlowFile parse(String name, String text);
}
