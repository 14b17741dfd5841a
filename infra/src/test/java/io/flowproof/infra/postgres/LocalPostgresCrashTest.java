package io.flowproof.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A JVM killed with SIGKILL leaves its Postgres running; the next start must cope and keep the data. */
class LocalPostgresCrashTest {

    private Path workDirectory;
    private Process child;

    @BeforeEach
    void createDirectories() throws Exception {
        workDirectory = TemporaryDirectories.create("flowproof-crash-pg-");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Path cluster = workDirectory.resolve("data/postgres");
        if (Files.isDirectory(cluster)) {
            new Postmaster(cluster).running().ifPresent(p -> Postmaster.stop(p, Duration.ofSeconds(30)));
        }
        TemporaryDirectories.delete(workDirectory);
    }

    @Test
    void restartsAfterTheOwningJvmWasKilledAndKeepsItsRows() throws Exception {
        Path dataDirectory = workDirectory.resolve("data");
        Path childLog = workDirectory.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalPostgresChild.class.getName(), dataDirectory.toString())
                .redirectErrorStream(true)
                .redirectOutput(childLog.toFile())
                .start();
        String[] ready = awaitReady(childLog, Duration.ofSeconds(120)).split(" ");
        long leftoverPostmaster = Long.parseLong(ready[1]);
        System.out.println("child JVM start (cached binaries, new cluster): " + ready[2] + " ms");

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(leftoverPostmaster).filter(Postmaster::isAlive)).isPresent();

        Path cluster;
        try (LocalPostgres postgres = LocalPostgres.start(dataDirectory)) {
            System.out.println("restart after kill -9 (stops the leftover): " + postgres.startupTime().toMillis()
                    + " ms");
            cluster = postgres.clusterDirectory();
            assertThat(ProcessHandle.of(leftoverPostmaster).filter(Postmaster::isAlive)).isEmpty();
            assertThat(postgres.postmasterPid()).isPresent().get().isNotEqualTo(leftoverPostmaster);
            assertThat(LocalPostgresTest.query(postgres, "SELECT note FROM crash_marker"))
                    .containsExactly(LocalPostgresChild.ROW);
        }
        assertThat(PostgresProcesses.servingCluster(cluster)).isEmpty();
    }

    private String awaitReady(Path log, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Optional<String> ready = Files.readAllLines(log).stream().filter(l -> l.startsWith("READY ")).findFirst();
                if (ready.isPresent()) {
                    return ready.get();
                }
            }
            if (!child.isAlive()) {
                throw new AssertionError("child JVM ended early:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child JVM not ready within " + timeout + ":\n" + Files.readString(log));
    }
}
