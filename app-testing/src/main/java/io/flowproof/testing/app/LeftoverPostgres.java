package io.flowproof.testing.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded Postgres of a data directory, seen from outside the app. The app starts it detached, so an app
 * killed with SIGKILL leaves it running; the next app start on that directory stops it, and so must a test's
 * cleanup. The postmaster's pid is line 1 of {@code <dataDir>/postgres/postmaster.pid}; SIGINT is Postgres'
 * fast shutdown, SIGQUIT its immediate one. Postgres processes are recognised by their working directory (the
 * cluster directory), so an unrelated process that reused a pid is never signalled.
 */
public final class LeftoverPostgres {

    private LeftoverPostgres() {
    }

    public static Path cluster(Path dataDir) {
        return dataDir.resolve("postgres");
    }

    /** Pid of a live (not zombie) postmaster serving {@code dataDir}, if any. */
    public static OptionalLong postmaster(Path dataDir) {
        Path pidFile = cluster(dataDir).resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            return servesCluster(pid, dataDir) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Every live process (postmaster and backends) whose working directory is the cluster of {@code dataDir}. */
    public static List<Long> processes(Path dataDir) {
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            return proc.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> servesCluster(pid, dataDir))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Makes sure no Postgres process of {@code dataDir} survives: fast shutdown of the postmaster, then
     * immediate shutdown, then SIGKILL for anything still there.
     */
    public static void stop(Path dataDir) {
        OptionalLong postmaster = postmaster(dataDir);
        if (postmaster.isPresent()) {
            long pid = postmaster.getAsLong();
            signal(pid, "INT");
            if (!awaitGone(dataDir, pid, Duration.ofSeconds(15))) {
                signal(pid, "QUIT");
                awaitGone(dataDir, pid, Duration.ofSeconds(5));
            }
        }
        for (long pid : processes(dataDir)) {
            signal(pid, "KILL");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!processes(dataDir).isEmpty() && System.nanoTime() < deadline) {
            pause();
        }
        List<Long> survivors = processes(dataDir);
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("Postgres processes " + survivors + " of " + dataDir + " survived the cleanup");
        }
    }

    private static boolean awaitGone(Path dataDir, long pid, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (servesCluster(pid, dataDir)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    /** Alive, not a zombie, and running in the cluster directory of {@code dataDir}. */
    private static boolean servesCluster(long pid, Path dataDir) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int afterName = stat.lastIndexOf(')');
            if (afterName > 0 && afterName + 2 < stat.length() && stat.charAt(afterName + 2) == 'Z') {
                return false;
            }
            return Files.readSymbolicLink(proc.resolve("cwd")).equals(cluster(dataDir).toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // gone, kernel thread, or the cluster directory does not exist
        }
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Postgres to stop", e);
        }
    }
}
