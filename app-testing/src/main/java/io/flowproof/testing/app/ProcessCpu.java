package io.flowproof.testing.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of processes, from {@code /proc} (Linux), for benchmarks that report CPU per unit of work. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    /**
     * utime + stime + cutime + cstime of {@code pid} ({@code /proc/<pid>/stat} fields 14-17: the process and its reaped
     * children) in seconds; 0 when the process is gone or {@code /proc} is missing.
     */
    public static double seconds(long pid) {
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

    /** The CPU seconds of the embedded Postgres of {@code dataDir}: every process of its cluster. */
    public static double postgresSeconds(Path dataDir) {
        return LeftoverPostgres.processes(dataDir).stream().mapToDouble(ProcessCpu::seconds).sum();
    }
}
