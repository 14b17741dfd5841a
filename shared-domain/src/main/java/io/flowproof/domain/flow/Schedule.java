package io.flowproof.domain.flow;

import java.util.Objects;

/**
 * A cron schedule for a flow's ensure runs: a 5-field cron expression ({@code "*\/15 * * * *"}) and an IANA
 * time zone ({@code "Europe/Paris"}, default {@code "UTC"}).
 */
public record Schedule(String cron, String zone) {

    public Schedule {
        Objects.requireNonNull(cron, "cron");
        zone = zone == null || zone.isBlank() ? "UTC" : zone;
    }
}
