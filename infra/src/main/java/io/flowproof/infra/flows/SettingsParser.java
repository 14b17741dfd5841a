package io.flowproof.infra.flows;

import static io.flowproof.infra.flows.FlowFileParser.shown;

import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.flow.Schedule;
import io.flowproof.infra.flows.YamlTree.Mapping;
import io.flowproof.infra.flows.YamlTree.Node;
import io.flowproof.infra.flows.YamlTree.Scalar;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.scheduling.support.CronExpression;

/**
 * The Flowproof extensions of a flow file: {@code ensure:} (deadline, poll interval, trigger retries) and
 * {@code schedule:} (a 5-field cron and an IANA time zone). Unknown keys inside them are errors, so a typo does
 * not silently fall back to a default.
 */
final class SettingsParser {

    private static final List<String> ENSURE_KEYS = List.of("timeout_ms", "poll_interval_ms", "retries");
    private static final List<String> RETRY_KEYS = List.of("max_attempts", "initial_ms", "factor", "max_ms");
    private static final List<String> SCHEDULE_KEYS = List.of("cron", "timezone");

    private final FlowFileParser.Problems problems;

    SettingsParser(FlowFileParser.Problems problems) {
        this.problems = problems;
    }

    FlowSettings settings(String flow, Mapping document, String sourceFile) {
        Long timeout = null;
        Long poll = null;
        RetryPolicy retry = null;
        Mapping ensure = section(document, "ensure", ENSURE_KEYS);
        if (ensure != null) {
            timeout = positive(ensure, "timeout_ms", "ensure.timeout_ms");
            poll = positive(ensure, "poll_interval_ms", "ensure.poll_interval_ms");
            retry = retry(ensure);
        }
        Mapping scheduleSection = section(document, "schedule", SCHEDULE_KEYS);
        Schedule schedule = scheduleSection == null ? null : schedule(document, scheduleSection);
        return new FlowSettings(flow, timeout, poll, retry, schedule, sourceFile);
    }

    private Mapping section(Mapping owner, String key, List<String> allowed) {
        Node node = owner.get(key);
        if (node == null || node instanceof Scalar scalar && scalar.value() == null) {
            return null;
        }
        if (!(node instanceof Mapping map)) {
            problems.add(owner.lineOf(key), "'" + key + "' must be a mapping");
            return null;
        }
        map.entries().forEach((name, entry) -> {
            if (!allowed.contains(name)) {
                problems.add(entry.keyLine(), "unknown key '" + name + "' in '" + key + "' (expected " + String.join(", ", allowed) + ")");
            }
        });
        return map;
    }

    private RetryPolicy retry(Mapping ensure) {
        Mapping retries = section(ensure, "retries", RETRY_KEYS);
        if (retries == null) {
            return null;
        }
        RetryPolicy defaults = RetryPolicy.DEFAULT;
        Long maxAttempts = positive(retries, "max_attempts", "ensure.retries.max_attempts");
        Long initial = nonNegative(retries, "initial_ms", "ensure.retries.initial_ms");
        Long max = nonNegative(retries, "max_ms", "ensure.retries.max_ms");
        Double factor = factor(retries);
        if (maxAttempts != null && maxAttempts > Integer.MAX_VALUE) {
            problems.add(retries.lineOf("max_attempts"), "'ensure.retries.max_attempts' is too large");
            return null;
        }
        try {
            return new RetryPolicy(maxAttempts == null ? defaults.maxAttempts() : maxAttempts.intValue(),
                    initial == null ? defaults.initial() : Duration.ofMillis(initial),
                    factor == null ? defaults.factor() : factor,
                    max == null ? defaults.max() : Duration.ofMillis(max));
        } catch (IllegalArgumentException e) {
            return null; // the offending value was reported above
        }
    }

    private Double factor(Mapping retries) {
        Node node = retries.get("factor");
        if (node == null) {
            return null;
        }
        Object value = node.plain();
        if (value instanceof Number number && number.doubleValue() >= 1.0 && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        problems.add(retries.lineOf("factor"), "'ensure.retries.factor' must be a number >= 1.0, not " + shown(value));
        return null;
    }

    private Long positive(Mapping owner, String key, String path) {
        return whole(owner, key, path, 1);
    }

    private Long nonNegative(Mapping owner, String key, String path) {
        return whole(owner, key, path, 0);
    }

    private Long whole(Mapping owner, String key, String path, long min) {
        Node node = owner.get(key);
        if (node == null) {
            return null;
        }
        Object value = node.plain();
        if (value instanceof Long number && number >= min) {
            return number;
        }
        problems.add(owner.lineOf(key), "'" + path + "' must be a whole number " + (min > 0 ? "> 0" : ">= 0") + ", not " + shown(value));
        return null;
    }

    private Schedule schedule(Mapping document, Mapping section) {
        Object cron = section.get("cron") == null ? null : section.get("cron").plain();
        boolean valid = true;
        if (!(cron instanceof String expression) || expression.isBlank()) {
            problems.add(section.has("cron") ? section.lineOf("cron") : document.lineOf("schedule"),
                    "'schedule.cron' must be a cron expression like \"*/15 * * * *\"");
            valid = false;
        } else {
            String error = cronError(expression);
            if (error != null) {
                problems.add(section.lineOf("cron"), "invalid cron expression '" + expression + "': " + error);
                valid = false;
            }
        }
        Object zone = section.get("timezone") == null ? null : section.get("timezone").plain();
        if (zone != null) {
            String zoneError = zone instanceof String id ? zoneError(id) : "must be a time zone name like Europe/Paris";
            if (zoneError != null) {
                problems.add(section.lineOf("timezone"), "invalid 'schedule.timezone' " + shown(zone) + ": " + zoneError);
                valid = false;
            }
        }
        return valid ? new Schedule(((String) cron).strip(), (String) zone) : null;
    }

    /**
     * Five fields (minute hour day-of-month month day-of-week), each checked by Spring's cron parser with a
     * leading seconds field of 0. Names ({@code MON}, {@code JAN}), ranges, lists and steps are accepted.
     */
    static String cronError(String expression) {
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            return "expected 5 fields (minute hour day-of-month month day-of-week), found " + fields.length;
        }
        try {
            CronExpression.parse("0 " + String.join(" ", fields));
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String zoneError(String id) {
        try {
            ZoneId.of(id);
            return null;
        } catch (DateTimeException e) {
            return "unknown time zone";
        }
    }
}
