package io.flowproof.functions.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.Telemetry.BatchRefusal;
import io.flowproof.domain.port.Telemetry.EvaluationMode;
import io.flowproof.infra.json.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The EMF lines themselves: grouping by dimensions, timer samples split at EMF's 100 values, nothing twice. */
class EmfTelemetryTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EmfTelemetry emf = new EmfTelemetry("NS", "ingest", Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC),
            () -> new PrintStream(out, true, StandardCharsets.UTF_8));

    private List<Map<String, Object>> lines() {
        List<Map<String, Object>> lines = out.toString(StandardCharsets.UTF_8).lines().map(WireJson::readObject).toList();
        out.reset();
        return lines;
    }

    @Test
    void countersOfOneDimensionSetShareALineAndTimersKeepTheirSamples() {
        emf.batchAccepted(3);
        emf.batchAccepted(4);
        emf.batchRefused(BatchRefusal.TOO_LARGE);
        emf.runEvaluated(EvaluationMode.AUTO, new RunRef("r", "f"), EvalStatus.PASSED, 2_500_000);

        emf.flush();

        List<Map<String, Object>> lines = lines();
        assertThat(lines).anySatisfy(line -> assertThat(line).containsEntry("function", "ingest")
                .containsEntry("flowproof.events.ingested", 7.0).containsEntry("flowproof.batches.accepted", 2.0)
                .containsEntry("_aws", Map.of("Timestamp", 1_700_000_000_123L, "CloudWatchMetrics", List.of(Map.of("Namespace", "NS",
                        "Dimensions", List.of(List.of("function")), "Metrics", List.of(
                                Map.of("Name", "flowproof.batches.accepted", "Unit", "Count"),
                                Map.of("Name", "flowproof.events.ingested", "Unit", "Count")))))));
        assertThat(lines).anySatisfy(line -> assertThat(line).containsEntry("reason", "too_large").containsEntry("flowproof.batches.refused", 1.0));
        assertThat(lines).anySatisfy(line -> assertThat(line).containsEntry("mode", "auto")
                .containsEntry("flowproof.evaluation.duration", List.of(2.5)).containsEntry("flowproof.evaluation.duration.count", 1.0));
    }

    @Test
    void aTimerWithMoreThanOneHundredSamplesSpreadsOverLinesOfAtMostOneHundred() {
        for (int i = 0; i < 250; i++) {
            emf.runEvaluated(EvaluationMode.AUTO, new RunRef("r" + i, "f"), EvalStatus.PASSED, 1_000_000);
        }

        emf.flush();

        List<Map<String, Object>> timed = lines().stream().filter(line -> line.containsKey("flowproof.evaluation.duration")).toList();
        assertThat(timed).hasSize(3).allSatisfy(line -> assertThat(line).containsEntry("mode", "auto"));
        assertThat(timed).extracting(line -> ((List<?>) line.get("flowproof.evaluation.duration")).size()).containsExactlyInAnyOrder(100, 100, 50);
    }

    @Test
    void aFlushPrintsEachReportOnceAndNothingWhenThereIsNothing() {
        emf.pollTicked(io.flowproof.domain.ensure.PollSummary.EMPTY, 5_000_000);
        StepVerifier.create(emf.around(Mono.just("answer"))).expectNext("answer").verifyComplete();
        assertThat(lines()).hasSize(1);

        emf.flush();
        assertThat(lines()).isEmpty();
    }
}
