package io.flowproof.domain.port;

import java.time.Instant;

/** Fire times of 5-field cron expressions ({@code "*\/15 * * * *"}) in an IANA time zone. */
public interface CronCalculator {

    /**
     * The first fire time strictly after {@code after}, or null when there is none.
     *
     * @throws IllegalArgumentException when the expression or zone is invalid
     */
    Instant next(String cron, String zone, Instant after);
}
