package io.flowproof.infra.postgres;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One {@link LocalPostgres} per data directory per JVM, shared by everyone who asks for it — several Spring
 * contexts in one test JVM, the test extension and the app. Each {@link #acquire} is paired with a
 * {@link #release}; the cluster stops when the last user releases it, and at the latest at JVM exit (its shutdown
 * hook). A cluster stopped behind the registry's back is started again by the next {@code acquire}.
 */
public final class LocalPostgresRegistry {

    private static final Map<Path, Shared> CLUSTERS = new HashMap<>();

    private LocalPostgresRegistry() {
    }

    /** The running cluster for {@code dataDirectory} (database {@code flowproof}), started if needed. */
    public static synchronized LocalPostgres acquire(Path dataDirectory) {
        Path key = key(dataDirectory);
        Shared shared = CLUSTERS.get(key);
        if (shared == null || !shared.postgres.isRunning()) {
            shared = new Shared(LocalPostgres.start(key));
            CLUSTERS.put(key, shared);
        }
        shared.users++;
        return shared.postgres;
    }

    /** Gives back one {@link #acquire}; the last one stops the cluster. Unknown directories are ignored. */
    public static void release(Path dataDirectory) {
        LocalPostgres toStop = null;
        synchronized (LocalPostgresRegistry.class) {
            Path key = key(dataDirectory);
            Shared shared = CLUSTERS.get(key);
            if (shared != null && --shared.users <= 0) {
                CLUSTERS.remove(key);
                toStop = shared.postgres;
            }
        }
        if (toStop != null) {
            toStop.close();
        }
    }

    /** The cluster for {@code dataDirectory} if this registry runs one. */
    public static synchronized Optional<LocalPostgres> find(Path dataDirectory) {
        return Optional.ofNullable(CLUSTERS.get(key(dataDirectory)))
                .map(shared -> shared.postgres)
                .filter(LocalPostgres::isRunning);
    }

    private static Path key(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().normalize();
    }

    private static final class Shared {
        private final LocalPostgres postgres;
        private int users;

        private Shared(LocalPostgres postgres) {
            this.postgres = postgres;
        }
    }
}
