package io.flowproof.functions.it;

import io.flowproof.testing.app.TestFiles;
import io.flowproof.testing.app.LeftoverPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Owns everything a test starts: temporary data directories and the app processes running on them. One per
 * test; {@link #close()} (from {@code @AfterEach}, and from a JVM shutdown hook should the test JVM be stopped
 * first) kills every app still running, stops any Postgres left on the data directories and deletes them, and
 * reports the first cleanup failure after trying everything.
 */
public final class Apps implements AutoCloseable {

    public static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final String name;
    private final Path jar;
    private final Path logs;
    private final List<Path> dataDirs = new ArrayList<>();
    private final List<AppProcess> apps = new ArrayList<>();
    private final Thread hook = new Thread(this::closeQuietly, "flowproof-it-cleanup");
    private boolean closed;
    private int starts;

    public Apps(String name) {
        this.name = name;
        this.jar = Path.of(System.getProperty("flowproof.it.jar", "target/functions-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        this.logs = Path.of(System.getProperty("flowproof.it.logs", "target/it-logs")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged app at " + jar + ": run `./mvnw verify` (the jar is built in `package`)");
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public synchronized Path newDataDir() {
        try {
            Path dir = Files.createTempDirectory("flowproof-it-");
            dataDirs.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the packaged app on {@code dataDir}; {@code apiKey} null lets the app generate (or reuse) its key. */
    public AppProcess start(Path dataDir, String apiKey) {
        return startWith(dataDir, apiKey == null ? Map.of() : Map.of("FLOWPROOF_API_KEY", apiKey));
    }

    /** Starts the packaged app on {@code dataDir} with extra environment variables (settings, secrets, JVM options). */
    public AppProcess startWith(Path dataDir, Map<String, String> env) {
        for (int attempt = 1; ; attempt++) {
            Path log = logs.resolve(name + "-" + (++starts) + ".log");
            AppProcess app = AppProcess.start(jar, dataDir, env, log);
            synchronized (this) {
                apps.add(app); // before waiting: a test that times out meanwhile still kills it
            }
            try {
                app.awaitHealthy(READY_WITHIN);
                return app;
            } catch (AppProcess.PortTaken e) {
                if (attempt == 3) {
                    throw e; // another program keeps taking the ports we pick
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        RuntimeException failure = null;
        for (AppProcess app : apps) {
            try {
                if (app.isAlive()) {
                    app.kill();
                }
            } catch (RuntimeException e) {
                failure = first(failure, e);
            }
        }
        for (Path dir : dataDirs) {
            try {
                LeftoverPostgres.stop(dir);
            } catch (RuntimeException e) {
                failure = first(failure, e);
            }
            TestFiles.deleteRecursively(dir);
            if (java.nio.file.Files.exists(dir)) {
                failure = first(failure, new IllegalStateException("Cannot delete " + dir));
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("flowproof IT cleanup: " + e);
        }
    }

    private static RuntimeException first(RuntimeException current, RuntimeException next) {
        if (current == null) {
            return next;
        }
        current.addSuppressed(next);
        return current;
    }
}
