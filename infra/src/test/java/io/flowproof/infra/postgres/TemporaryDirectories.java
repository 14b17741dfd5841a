package io.flowproof.infra.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Test helper: temporary data directories that are deleted again, Postgres files included. */
final class TemporaryDirectories {

    private TemporaryDirectories() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix).toRealPath();
    }

    static void delete(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
