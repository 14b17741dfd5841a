package io.flowproof.infra.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postmaster process of one cluster directory, found through {@code postmaster.pid}.
 *
 * <p>zonky starts the postmaster detached (its parent is init), so a JVM killed with SIGKILL leaves it running
 * with {@code postmaster.pid} in the cluster directory. Stopping uses signals, the way {@code pg_ctl stop} does:
 * SIGINT is Postgres' "fast" shutdown (roll back open transactions, checkpoint, exit), SIGQUIT its "immediate"
 * shutdown (crash recovery at the next start, committed data is kept). No binaries are needed for that, so this
 * works before zonky has unpacked anything and across the user namespace zonky uses when running as root
 * (same kernel uid).
 */
final class Postmaster {

    static final String PID_FILE = "postmaster.pid";

    private static final Logger LOG = LoggerFactory.getLogger(Postmaster.class);

    private final Path clusterDirectory;

    Postmaster(Path clusterDirectory) {
        this.clusterDirectory = clusterDirectory;
    }

    /** The pid written on line 1 of {@code postmaster.pid}, if the file exists and is readable. */
    OptionalLong recordedPid() {
        Path pidFile = clusterDirectory.resolve(PID_FILE);
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The live postmaster of this cluster directory; a pid reused by an unrelated process does not count. */
    Optional<ProcessHandle> running() {
        OptionalLong pid = recordedPid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).filter(Postmaster::isAlive).filter(this::servesThisCluster);
    }

    /**
     * Makes the cluster directory startable: stops a postmaster left running by a process that died without
     * stopping it, and removes a {@code postmaster.pid} whose process is gone (or is not a postmaster of this
     * directory). We stop rather than adopt the old server: it may have been started with other options, another
     * port or older binaries, and zonky can only manage a server it started itself. A fast shutdown costs ~0.2 s.
     *
     * @return whether a running postmaster had to be stopped
     */
    boolean stopLeftover(Duration timeout) throws IOException {
        Path pidFile = clusterDirectory.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return false;
        }
        Optional<ProcessHandle> leftover = running();
        if (leftover.isEmpty()) {
            LOG.info("Removing stale {} (pid {} is not running Postgres for {})", PID_FILE,
                    recordedPid().stream().mapToObj(Long::toString).findFirst().orElse("?"), clusterDirectory);
            Files.deleteIfExists(pidFile);
            return false;
        }
        ProcessHandle process = leftover.get();
        LOG.warn("Postgres (pid {}) is still running on {}, left by a process that ended without stopping it; "
                + "stopping it (fast shutdown) before starting again", process.pid(), clusterDirectory);
        stop(process, timeout);
        Files.deleteIfExists(pidFile);
        return true;
    }

    /** Fast shutdown, then immediate shutdown if the fast one does not finish in time. */
    static void stop(ProcessHandle process, Duration timeout) {
        if (signal(process, "INT") && awaitExit(process, timeout)) {
            return;
        }
        LOG.warn("Postgres (pid {}) did not finish a fast shutdown within {}; sending an immediate shutdown",
                process.pid(), timeout);
        if (signal(process, "QUIT") && awaitExit(process, timeout)) {
            return;
        }
        throw new IllegalStateException("Could not stop Postgres (pid " + process.pid() + ")");
    }

    /**
     * Polls every 20 ms: {@code ProcessHandle.onExit()} of a process that is not our child backs off to
     * second-long sleeps, which made every stop take ~2 s.
     */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive(process)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isAlive(process);
            }
        }
        return true;
    }

    /**
     * Alive and not a zombie. The postmaster is an orphan (zonky's pg_ctl exits after starting it), so after it
     * exits it stays a zombie until init reaps it, which some inits do only every couple of seconds;
     * {@link ProcessHandle#isAlive()} counts a zombie as alive.
     */
    static boolean isAlive(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return process.isAlive(); // no /proc (not Linux) or the process just went away
        }
    }

    private static boolean signal(ProcessHandle process, String signal) {
        if (!isAlive(process)) {
            return true;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && (kill.exitValue() == 0 || !isAlive(process));
        } catch (IOException e) {
            // no kill(1) (not a Unix system): SIGTERM, Postgres' "smart" shutdown, is the best Java can do.
            return process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A postmaster runs with its data directory as working directory. Where {@code /proc} tells us (Linux), that
     * is the test; elsewhere the executable name has to do.
     */
    private boolean servesThisCluster(ProcessHandle process) {
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        try {
            return Files.readSymbolicLink(cwd).equals(clusterDirectory.toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return process.info().command().map(Postmaster::isPostgresExecutable).orElse(false);
        }
    }

    private static boolean isPostgresExecutable(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("postgres") || name.equals("postgres.exe");
    }
}
