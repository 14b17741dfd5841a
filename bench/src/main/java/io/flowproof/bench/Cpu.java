package io.flowproof.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU seconds (user + system, including reaped children) used so far by the app's JVM, its embedded Postgres
 * (every process whose working directory is {@code <dataDir>/postgres}) and this JVM (the load generator).
 */
record Cpu(double app, double postgres, double client) {

    static Cpu of(App app) {
        Path cluster = app.dataDir().resolve("postgres").toAbsolutePath();
        double postgres = 0;
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            List<Long> pids = proc.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
            for (long pid : pids) {
                try {
                    if (Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).equals(cluster)) {
                        postgres += seconds(pid);
                    }
                } catch (IOException | SecurityException gone) {
                    // exited or not ours
                }
            }
        } catch (IOException e) {
            postgres = Double.NaN;
        }
        return new Cpu(seconds(app.pid()), postgres, seconds(ProcessHandle.current().pid()));
    }

    Cpu minus(Cpu before) {
        return new Cpu(app - before.app, postgres - before.postgres, client - before.client);
    }

    /** utime + stime + cutime + cstime of {@code pid} (/proc/pid/stat fields 14-17) in seconds. */
    private static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
            return ticks / 100.0; // USER_HZ
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
