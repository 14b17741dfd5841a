package io.flowproof.infra.ensure;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.ensure.AdvanceEnsures;
import io.flowproof.domain.ensure.PollSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long one poll tick takes to advance 10,000 waiting ensure runs (claim in chunks, bulk re-evaluation,
 * lease-guarded batch writes of runs + evaluate steps) on the embedded Postgres. Target: at most 1 s.
 *
 * <pre>./mvnw -B verify -pl infra -am -DexcludedGroups= -Dgroups=benchmark -Dtest=PollTickBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * The numbers are printed to {@code infra/target/surefire-reports/io.flowproof.infra.ensure.PollTickBenchmark-output.txt}.
 */
@Tag("benchmark")
class PollTickBenchmark extends EnsureTestSupport {

    private static final int RUNS = 10_000;

    /** Pooled connections, as the app has them (spring-boot-starter-data-r2dbc brings r2dbc-pool); -Dpool=false: one per statement. */
    @org.junit.jupiter.api.BeforeAll
    static void pooledConnections() {
        if (!Boolean.parseBoolean(System.getProperty("pool", "true"))) {
            return;
        }
        io.r2dbc.spi.ConnectionFactory connections = io.r2dbc.spi.ConnectionFactories.get(postgres.r2dbcUrl()
                .replace("r2dbc:postgresql://", "r2dbc:pool:postgresql://" + postgres.username() + "@"));
        db = org.springframework.r2dbc.core.DatabaseClient.create(connections);
        tx = org.springframework.transaction.reactive.TransactionalOperator.create(
                new org.springframework.r2dbc.connection.R2dbcTransactionManager(connections));
    }

    /** The app's settings (EnsureConfiguration): chunks of 500, two chunks at a time. */
    private AdvanceEnsures appPoller() {
        return new AdvanceEnsures(runs, evaluateRun, driver(), UUID::randomUUID, Integer.getInteger("chunk", 500), Integer.getInteger("workers", 2), 16, problems::add);
    }

    /**
     * CPU time used so far by this JVM and the test cluster's Postgres processes (postmaster and its children, from
     * /proc; 0 for Postgres where /proc is missing). Unlike wall time it hardly depends on what else the machine runs.
     */
    private static long cpuMillis() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        long ticks = 0;
        try {
            java.nio.file.Path pidFile = io.flowproof.infra.testing.PostgresExtension.dataDirectory().resolve("postgres/postmaster.pid");
            long postmaster = Long.parseLong(java.nio.file.Files.readAllLines(pidFile).get(0).trim());
            ticks += procTicks(postmaster);
            for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
                ticks += procTicks(child.pid());
            }
        } catch (java.io.IOException | RuntimeException e) {
            return jvm;
        }
        return jvm + ticks * 10; // USER_HZ = 100
    }

    /** utime + stime of a process, in clock ticks (0 when it is gone). */
    private static long procTicks(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    @Test
    void oneTickAdvancesTenThousandWaitingRuns() {
        save(httpTrigger("warm", "kick", "/warm", List.of(), Map.of()), NodeDefinition2.awaited("warm", "done", "kick"));
        save(httpTrigger("bench", "kick", "/bench", List.of(), Map.of()), NodeDefinition2.awaited("bench", "done", "kick"));
        EnsurePollersTest.waitingRuns(this, "warm", 2_000, clock.instant());
        for (int i = 0; i < 3; i++) { // warm-up: JIT, connection pool, prepared statements
            appPoller().advanceDue().block(Duration.ofMinutes(2));
            clock.advance(Duration.ofSeconds(2));
        }
        clock.advance(Duration.ofMinutes(1)); // the warm-up runs time out
        appPoller().advanceDue().block(Duration.ofMinutes(2));

        long seeding = System.nanoTime();
        EnsurePollersTest.waitingRuns(this, "bench", RUNS, clock.instant());
        System.out.printf("seeded %,d waiting runs in %d ms%n", RUNS, (System.nanoTime() - seeding) / 1_000_000);
        db.sql("VACUUM ANALYZE ensure_runs").then().block();

        List<Long> millis = new ArrayList<>();
        List<Long> cpuMillis = new ArrayList<>();
        for (int tick = 0; tick < 5; tick++) {
            long started = System.nanoTime();
            long cpuBefore = cpuMillis();
            PollSummary summary = appPoller().advanceDue().block(Duration.ofMinutes(5));
            long ms = (System.nanoTime() - started) / 1_000_000;
            long cpu = cpuMillis() - cpuBefore;
            millis.add(ms);
            cpuMillis.add(cpu);
            assertThat(summary.claimed()).isEqualTo(RUNS);
            assertThat(summary.advanced()).isEqualTo(RUNS);
            System.out.printf("poll tick %d: advanced %,d waiting runs in %d ms (%.1f µs per run), CPU %d ms (JVM + Postgres)%n",
                    tick + 1, summary.advanced(), ms, ms * 1000.0 / summary.advanced(), cpu);
            clock.advance(Duration.ofSeconds(2));
        }
        List<Long> steady = new ArrayList<>(millis.subList(2, millis.size()));
        steady.sort(Long::compare);
        List<Long> steadyCpu = new ArrayList<>(cpuMillis.subList(2, cpuMillis.size()));
        steadyCpu.sort(Long::compare);
        System.out.printf("PollTickBenchmark: 10,000 waiting runs per tick: steady-state median %d ms (ticks 3-5), all ticks %s ms "
                + "(target <= 1000 ms); CPU per tick (JVM + Postgres, load-independent) median %d ms, all %s ms%n", steady.get(1), millis,
                steadyCpu.get(1), cpuMillis);
        assertThat(problems).isEmpty();
    }
}
