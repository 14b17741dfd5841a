package io.flowproof.functions.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * The figures each reliability test measured: printed to its output and appended to
 * {@code target/reliability-report.txt}, the source of the README's table.
 */
final class Reports {

    private Reports() {
    }

    static synchronized void line(String test, String figures) {
        String line = "[reliability] " + test + ": " + figures;
        System.out.println(line);
        try {
            Path file = Path.of(System.getProperty("flowproof.it.logs", "target/it-logs")).toAbsolutePath().getParent()
                    .resolve("reliability-report.txt");
            Files.writeString(file, Instant.now() + " " + line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code p}-th percentile (0–100) of {@code values} (nearest rank); 0 for none. */
    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
