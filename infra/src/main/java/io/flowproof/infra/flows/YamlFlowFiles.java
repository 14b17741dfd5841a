package io.flowproof.infra.flows;

import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.flow.FlowFile;
import io.flowproof.domain.flow.FlowProblem;
import io.flowproof.domain.port.FlowFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Flow files on disk ({@code .business-use/} by default): a file, or every {@code *.yaml}/{@code *.yml} under a
 * directory, recursively, in path order. Files whose names start with {@code secrets.yaml} or {@code config.yaml}
 * are skipped. Names in problems are relative to the directory that was read.
 *
 * <p>A flow must live in one file: a second file that declares a flow already declared by an earlier file is
 * reported (the original would merge both files' nodes, but then its sync check, which compares each file with
 * the stored flow, never sees the flow as in sync).
 */
public final class YamlFlowFiles implements FlowFiles {

    private final FlowFileParser parser;

    public YamlFlowFiles(Expressions expressions) {
        this.parser = new FlowFileParser(expressions);
    }

    @Override
    public Mono<List<FlowFile>> read(String location) {
        // file-system reads block: keep them off the event loop
        return Mono.fromCallable(() -> readNow(Path.of(location))).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public FlowFile parse(String name, String text) {
        return parser.parse(name, text).file();
    }

    /** Reads synchronously (the CLI). */
    public List<FlowFile> readNow(Path location) {
        if (!Files.exists(location)) {
            return List.of(FlowFile.invalid(location.toString(), List.of(new FlowProblem(location.toString(), 0, "no such file or directory"))));
        }
        Path base = Files.isDirectory(location) ? location.toAbsolutePath() : location.toAbsolutePath().getParent();
        List<FlowFile> files = new ArrayList<>();
        Map<String, String> flowFiles = new HashMap<>();
        for (Path path : flowPaths(location)) {
            String name = base.relativize(path.toAbsolutePath()).toString().replace('\\', '/');
            FlowFileParser.Parsed parsed = read(name, path);
            FlowFile file = parsed.file();
            if (file.isValid()) {
                String first = flowFiles.putIfAbsent(file.definition().flow(), name);
                if (first != null) {
                    file = FlowFile.invalid(name, List.of(new FlowProblem(name, parsed.flowLine(),
                            "flow '" + file.definition().flow() + "' is already defined in " + first + " (a flow lives in one file)")));
                }
            }
            files.add(file);
        }
        return files;
    }

    private FlowFileParser.Parsed read(String name, Path path) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            return new FlowFileParser.Parsed(FlowFile.invalid(name, List.of(new FlowProblem(name, 0, "not UTF-8 text"))), 0);
        } catch (IOException e) {
            return new FlowFileParser.Parsed(FlowFile.invalid(name, List.of(new FlowProblem(name, 0, "cannot read: " + e.getMessage()))), 0);
        }
        return parser.parse(name, text);
    }

    static List<Path> flowPaths(Path location) {
        if (!Files.isDirectory(location)) {
            return List.of(location);
        }
        try (Stream<Path> walk = Files.walk(location)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> isFlowFileName(path.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isFlowFileName(String name) {
        if (name.startsWith("secrets.yaml") || name.startsWith("config.yaml")) {
            return false;
        }
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
