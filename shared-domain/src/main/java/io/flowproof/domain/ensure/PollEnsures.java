package io.flowproof.domain.ensure;

import io.flowproof.domain.port.Telemetry;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * The {@code poll} function: fires due cron slots, then advances every due ensure run, and reports what it did.
 * Stateless, so EventBridge (cloud) or the local ticker may call it as often as they like, from any number of
 * processes at once.
 */
public final class PollEnsures {

    private final FireSchedules schedules;
    private final AdvanceEnsures advance;
    private final LongSupplier nanoTime;
    private final Telemetry telemetry;

    public PollEnsures(FireSchedules schedules, AdvanceEnsures advance, LongSupplier nanoTime) {
        this(schedules, advance, nanoTime, Telemetry.NONE);
    }

    /** @param telemetry told every tick's summary and duration */
    public PollEnsures(FireSchedules schedules, AdvanceEnsures advance, LongSupplier nanoTime, Telemetry telemetry) {
        this.schedules = schedules;
        this.advance = advance;
        this.nanoTime = nanoTime;
        this.telemetry = telemetry;
    }

    public Mono<PollSummary> poll() {
        return Mono.defer(() -> {
            long started = nanoTime.getAsLong();
            return schedules.fireDue()
                    .flatMap(fired -> advance.advanceDue().map(summary -> summary.withSchedulesFired(fired)))
                    .map(summary -> {
                        long nanos = nanoTime.getAsLong() - started;
                        PollSummary done = summary.withDurationMs(nanos / 1_000_000);
                        telemetry.pollTicked(done, nanos);
                        return done;
                    });
        });
    }
}
