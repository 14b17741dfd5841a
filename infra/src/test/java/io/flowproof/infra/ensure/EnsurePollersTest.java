package io.flowproof.infra.ensure;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.ensure.AdvanceEnsures;
import io.flowproof.domain.ensure.EnsureOptions;
import io.flowproof.domain.ensure.EnsureOrigin;
import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.PollSummary;
import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.flow.Schedule;
import io.flowproof.domain.ingest.IngestCommit;
import io.flowproof.domain.model.Event;
import io.flowproof.domain.model.NodeType;
import io.flowproof.domain.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class EnsurePollersTest extends EnsureTestSupport {

    /** {@code n} runs of {@code flow} already triggered and waiting, due now, each with its trigger event stored. */
    static List<EnsureRun> waitingRuns(EnsureTestSupport support, String flow, int n, Instant now) {
        EnsureOptions options = new EnsureOptions(Duration.ofMinutes(10), Duration.ofSeconds(2), RetryPolicy.DEFAULT);
        List<EnsureRun> created = new ArrayList<>(n);
        List<Event> triggerEvents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            String eventId = UUID.randomUUID().toString();
            EnsureRun run = EnsureRun.pending(id, flow, EnsureOrigin.API, null, options, List.of("kick"), now).edit()
                    .state(EnsureState.WAITING).outputs(Map.of("kick", Map.of("id", "r" + i))).runId("r" + i)
                    .triggerEventId(eventId).build();
            created.add(run);
            triggerEvents.add(new Event(eventId, flow, "kick", "r" + i, NodeType.TRIGGER, Map.of("id", "r" + i), Times.epochNanos(now)));
        }
        support.events.append(new IngestCommit(triggerEvents, List.of(), List.of())).block();
        Flux.fromIterable(created).flatMap(support.runs::insert, 16).blockLast(Duration.ofMinutes(2));
        return created;
    }

    private Map<Long, Long> evaluationsPerRun(String flow) {
        // how many runs have 0, 1, 2... evaluate steps
        Map<Long, Long> histogram = new java.util.TreeMap<>();
        for (Map<String, Object> row : rows("SELECT r.id, count(s.step_id) AS n FROM ensure_runs r LEFT JOIN ensure_steps s "
                + "ON s.ensure_run_id = r.id AND s.step_id = 'evaluate' WHERE r.flow = '" + flow + "' GROUP BY r.id")) {
            histogram.merge((Long) row.get("n"), 1L, Long::sum);
        }
        return histogram;
    }

    @Test
    void eightConcurrentPollersAdvanceEachOfAThousandRunsExactlyOncePerTick() {
        save(httpTrigger("bulk", "kick", "/bulk", List.of(), Map.of()), NodeDefinition2.awaited("bulk", "done", "kick"));
        waitingRuns(this, "bulk", 1_000, clock.instant());

        for (int tick = 1; tick <= 2; tick++) {
            List<AdvanceEnsures> pollers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pollers.add(poller());
            }
            List<PollSummary> summaries = Flux.fromIterable(pollers)
                    .flatMap(poller -> poller.advanceDue().subscribeOn(Schedulers.parallel()), 8)
                    .collectList().block(Duration.ofMinutes(2));
            assertThat(summaries.stream().mapToInt(PollSummary::claimed).sum()).isEqualTo(1_000);
            assertThat(summaries.stream().mapToInt(PollSummary::advanced).sum()).isEqualTo(1_000);
            assertThat(evaluationsPerRun("bulk")).containsExactly(Map.entry((long) tick, 1_000L));
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aWaitingChunkHoldsItsRunsByRowLocksAndAPollerFailingMidwayLeavesThemDue() throws Exception {
        save(httpTrigger("held", "kick", "/held", List.of(), Map.of()), NodeDefinition2.awaited("held", "done", "kick"));
        waitingRuns(this, "held", 50, clock.instant());
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // a poller that locks every due waiting run, stalls, then dies before writing anything
        var dying = runs.advanceWaiting(clock.instant(), 1_000, Duration.ofSeconds(60), held -> reactor.core.publisher.Mono
                        .<List<io.flowproof.domain.ensure.EnsureWrite>>fromCallable(() -> {
                            assertThat(held).hasSize(50);
                            locked.countDown();
                            release.await();
                            throw new IllegalStateException("poller died");
                        })
                        .subscribeOn(Schedulers.boundedElastic()))
                .toFuture();
        assertThat(locked.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(poller().advanceDue().block(Duration.ofSeconds(30)).claimed()).as("held runs are skipped").isZero();
        release.countDown();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dying.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .hasRootCauseMessage("poller died");
        assertThat(evaluationsPerRun("held")).containsExactly(Map.entry(0L, 50L));

        // nothing was written, so the runs are due at once (no lease to wait for) and advanced exactly once
        PollSummary summary = poller().advanceDue().block(Duration.ofSeconds(30));
        assertThat(summary.claimed()).isEqualTo(50);
        assertThat(summary.advanced()).isEqualTo(50);
        assertThat(evaluationsPerRun("held")).containsExactly(Map.entry(1L, 50L));
        assertThat(rows("SELECT count(*) AS n FROM ensure_runs WHERE flow = 'held' AND lease_owner IS NULL AND state = 'waiting' "
                + "AND wake_at > '" + clock.instant() + "'")).singleElement().satisfies(row -> assertThat(row.get("n")).isEqualTo(50L));
        assertThat(problems).isEmpty();
    }

    @Test
    void aCronSlotFiresOnceUnderRacingPollers() {
        save(httpTrigger("nightly", "kick", "/nightly", List.of(), Map.of()), NodeDefinition2.awaited("nightly", "done", "kick"));
        settings.save(new FlowSettings("nightly", null, null, null, new Schedule("*/5 * * * *", "Europe/Paris"), null)).block();
        clock.set(Instant.parse("2030-01-07T12:05:40Z"));

        List<Integer> fired = Flux.range(0, 8).flatMap(i -> schedules().fireDue().subscribeOn(Schedulers.parallel()), 8)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(fired.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        assertThat(rows("SELECT slot_time FROM schedule_slots WHERE flow = 'nightly'")).hasSize(1);
        List<Map<String, Object>> started = rows("SELECT origin, idempotency_key, state FROM ensure_runs WHERE flow = 'nightly'");
        assertThat(started).singleElement().satisfies(row -> {
            assertThat(row.get("origin")).isEqualTo("schedule");
            assertThat(row.get("idempotency_key")).isEqualTo("schedule:2030-01-07T12:05:00Z");
            assertThat(row.get("state")).isEqualTo("pending");
        });

        // the same poll tick advances the new run: the trigger fires once
        PollSummary summary = poller().advanceDue().block();
        assertThat(summary.claimed()).isEqualTo(1);
        assertThat(target.count("/nightly")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2)); // still slot 12:05
        assertThat(schedules().fireDue().block()).isZero();
        clock.set(Instant.parse("2030-01-07T12:10:00Z")); // next slot, exactly on time
        assertThat(Flux.range(0, 4).flatMap(i -> schedules().fireDue()).reduce(0, Integer::sum).block()).isEqualTo(1);
        assertThat(rows("SELECT slot_time FROM schedule_slots WHERE flow = 'nightly'")).hasSize(2);
    }
}
