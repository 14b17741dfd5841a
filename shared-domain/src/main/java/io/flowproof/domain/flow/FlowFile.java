package io.flowproof.domain.flow;

import java.util.List;
import java.util.Objects;

/**
 * One flow file as read: its name (relative to the flows directory), the flow it defines when it is valid,
 * and every problem found in it. A file with problems defines nothing ({@code definition} is null).
 */
public record FlowFile(String file, FlowDefinition definition, List<FlowProblem> problems) {

    public FlowFile {
        Objects.requireNonNull(file, "file");
        problems = List.copyOf(problems);
        if (!problems.isEmpty()) {
            definition = null;
        }
    }

    public static FlowFile valid(String file, FlowDefinition definition) {
        return new FlowFile(file, Objects.requireNonNull(definition, "definition"), List.of());
    }

    public static FlowFile invalid(String file, List<FlowProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid file needs at least one problem");
        }
        return new FlowFile(file, null, problems);
    }

    public boolean isValid() {
        return definition != null;
    }
}
