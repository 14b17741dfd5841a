package io.flowproof.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Fast checks of the benchmark's own arithmetic and output; the measurements themselves never run in `verify`. */
class BenchSanityTest {

    @Test
    void processCpuCountsThisJvmsWorkAndNothingForGoneProcesses() throws Exception {
        long pid = ProcessHandle.current().pid();
        double before = io.flowproof.testing.app.ProcessCpu.seconds(pid);
        long spinUntil = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spinUntil) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        assertThat(x).isNotNegative();
        assertThat(io.flowproof.testing.app.ProcessCpu.seconds(pid)).isGreaterThan(before);
        assertThat(io.flowproof.testing.app.ProcessCpu.seconds(Long.MAX_VALUE)).isZero();
        assertThat(io.flowproof.testing.app.ProcessCpu.postgresSeconds(java.nio.file.Files.createTempDirectory("no-cluster"))).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms .. 1 ms, unsorted
        }
        Stats stats = Stats.of(nanos);
        assertThat(stats.p50()).isEqualTo(50.0);
        assertThat(stats.p95()).isEqualTo(95.0);
        assertThat(stats.p99()).isEqualTo(99.0);
        assertThat(Stats.of(new long[] {7_000_000L}).p99()).isEqualTo(7.0);
    }

    @Test
    void wholeRunsAreChainsWithOneEventPerNode() {
        String body = Bodies.wholeRuns("f", "run", 3, 2, 5, 1000);
        assertThat(body).startsWith("[{\"flow\":\"f\",\"id\":\"n1\",\"run_id\":\"run-3\"").endsWith("}]");
        assertThat(body.split("\"flow\"", -1)).hasSize(11);
        assertThat(body).contains("\"id\":\"n5\",\"run_id\":\"run-4\"", "\"dep_ids\":[\"n4\"]", "\"dep_ids\":[]");
    }

    @Test
    void summaryIsJsonWithTargetsAndVerdicts() {
        Results results = new Results();
        results.context("machine", "2 cores \"busy\"");
        results.atLeast("ingest", "HTTP events/s", 25_000.5, "events/s", 22_000);
        results.atMost("run-eval", "5 nodes p50", 1.5, "ms", 1);
        results.note("ensure", "poll tick", "see PollTickBenchmark");
        String json = results.json();
        assertThat(json).contains("\"machine\": \"2 cores \\\"busy\\\"\"",
                "\"value\": 25000.5000", "\"target\": \">= 22,000\", \"met\": true",
                "\"met\": false", "\"value\": null");
        assertThat(results.table()).contains("NO", "yes", "see PollTickBenchmark");
    }
}
