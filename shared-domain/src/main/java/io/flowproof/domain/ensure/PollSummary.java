package io.flowproof.domain.ensure;

/**
 * What one poll tick did: runs claimed, runs advanced (their transition persisted), how many of those ended in
 * each final state, cron slots fired, and how long the tick took.
 */
public record PollSummary(int claimed, int advanced, int passed, int failed, int timedOut, int errors, int schedulesFired,
        long durationMs) {

    public static final PollSummary EMPTY = new PollSummary(0, 0, 0, 0, 0, 0, 0, 0);

    public PollSummary plus(PollSummary other) {
        return new PollSummary(claimed + other.claimed, advanced + other.advanced, passed + other.passed, failed + other.failed,
                timedOut + other.timedOut, errors + other.errors, schedulesFired + other.schedulesFired,
                durationMs + other.durationMs);
    }

    public PollSummary withSchedulesFired(int fired) {
        return new PollSummary(claimed, advanced, passed, failed, timedOut, errors, fired, durationMs);
    }

    public PollSummary withDurationMs(long ms) {
        return new PollSummary(claimed, advanced, passed, failed, timedOut, errors, schedulesFired, ms);
    }

    /** One claimed run that was advanced to {@code state}. */
    static PollSummary advancedTo(EnsureState state) {
        return new PollSummary(0, 1, state == EnsureState.PASSED ? 1 : 0, state == EnsureState.FAILED ? 1 : 0,
                state == EnsureState.TIMED_OUT ? 1 : 0, state == EnsureState.ERROR ? 1 : 0, 0, 0);
    }

    static PollSummary claimed(int n) {
        return new PollSummary(n, 0, 0, 0, 0, 0, 0, 0);
    }
}
