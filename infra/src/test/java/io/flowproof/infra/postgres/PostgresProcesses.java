package io.flowproof.infra.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helper: the processes (postmaster and its children) whose working directory is a cluster directory. */
final class PostgresProcesses {

    private PostgresProcesses() {
    }

    static List<Long> servingCluster(Path clusterDirectory) throws IOException {
        Path cluster = clusterDirectory.toRealPath();
        return ProcessHandle.allProcesses()
                .map(ProcessHandle::pid)
                .filter(pid -> cluster.equals(cwd(pid)))
                .toList();
    }

    private static Path cwd(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
