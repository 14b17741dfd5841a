package io.flowproof.infra.schedule;

import io.flowproof.domain.port.CronCalculator;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.support.CronExpression;

/**
 * Cron fire times with Spring's {@link CronExpression}. Flow files use 5-field cron ({@code minute hour
 * day-of-month month day-of-week}); Spring wants a seconds field first, so {@code "0 "} is prefixed. Macros
 * ({@code @hourly}, {@code @daily}, ...) pass through. Parsed expressions are cached.
 */
public final class SpringCronCalculator implements CronCalculator {

    private final Map<String, CronExpression> parsed = new ConcurrentHashMap<>();

    @Override
    public Instant next(String cron, String zone, Instant after) {
        CronExpression expression = parsed.computeIfAbsent(cron, SpringCronCalculator::parse);
        ZonedDateTime next = expression.next(after.atZone(ZoneId.of(zone)));
        return next == null ? null : next.toInstant();
    }

    private static CronExpression parse(String cron) {
        String trimmed = cron.strip();
        if (trimmed.startsWith("@")) {
            return CronExpression.parse(trimmed);
        }
        int fields = trimmed.split("\\s+").length;
        if (fields != 5) {
            throw new IllegalArgumentException("A cron schedule has 5 fields (minute hour day-of-month month day-of-week), got "
                    + fields + ": '" + cron + "'");
        }
        return CronExpression.parse("0 " + trimmed);
    }
}
