package io.flowproof.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.flowproof.infra.postgres.LocalPostgres;
import io.flowproof.infra.postgres.LocalPostgresRegistry;

/**
 * The temporary {@code flowproof.data-dir} of a test JVM: created on first use, and at JVM exit the cluster in it
 * (if any) is stopped and the directory deleted.
 */
public final class TestDataDirectory {

    public static final String PROPERTY = "flowproof.data-dir";

    private TestDataDirectory() {
    }

    /** The directory, created on first call. */
    public static Path path() {
        return Holder.PATH;
    }

    /** Points {@code flowproof.data-dir} at {@link #path()} unless the test run already chose a directory. */
    static void applyAsSystemPropertyIfUnset() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, path().toString());
        }
    }

    private static final class Holder {

        private static final Path PATH = create();

        private static Path create() {
            try {
                Path directory = Files.createTempDirectory("flowproof-test-data-").toRealPath();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndDelete(directory),
                        "flowproof-test-data-cleanup"));
                return directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void stopAndDelete(Path directory) {
            // LocalPostgres' own shutdown hook may be stopping it concurrently; close() is synchronized and
            // idempotent, so this returns only once the server is down and the directory can go.
            LocalPostgresRegistry.find(directory).ifPresent(LocalPostgres::close);
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // best effort at JVM exit
            }
        }
    }
}
