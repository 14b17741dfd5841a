package io.flowproof.infra.notify;

import io.flowproof.domain.evaluation.EvalResult;
import io.flowproof.domain.port.Notifier.Notification;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Slack incoming-webhook payload (Block Kit in a coloured attachment), exactly as the original builds it. */
final class SlackMessage {

    private SlackMessage() {}

    static Map<String, Object> payload(Notification notification) {
        String flow = notification.flow();
        String runId = notification.runId() == null ? "-" : notification.runId();
        String status = status(notification);
        String transition = notification.transition();
        String header = transition != null && !transition.isEmpty()
                ? headerEmoji(status) + " Flow *" + flow + "* resolved (" + transition + ")"
                : headerEmoji(status) + " Flow *" + flow + "* — " + status;
        long elapsedNs = notification.result() == null ? 0 : notification.result().elapsedNs();
        List<Object> blocks = List.of(
                section(header),
                block("section", "fields", List.of(
                        mrkdwn("*Flow:*\n`" + flow + "`"),
                        mrkdwn("*Run ID:*\n`" + runId + "`"),
                        mrkdwn("*Status:*\n`" + status + "`"),
                        mrkdwn("*Duration:*\n" + duration(elapsedNs)))),
                section("*Graph:*\n```\n" + AsciiGraph.render(notification.result()) + "\n```"),
                block("context", "elements", List.of(mrkdwn("Flow: `" + flow + "` | Run: `" + runId + "`"))));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("color", transition != null ? "good" : color(status));
        attachment.put("blocks", blocks);
        return Map.of("attachments", List.of(attachment));
    }

    /** The evaluation's own status (what the original shows), else the notification's. */
    static String status(Notification notification) {
        EvalResult result = notification.result();
        return result != null ? result.status().wireName() : notification.status();
    }

    private static Map<String, Object> section(String text) {
        return block("section", "text", mrkdwn(text));
    }

    private static Map<String, Object> block(String type, String key, Object value) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", type);
        block.put(key, value);
        return block;
    }

    private static Map<String, Object> mrkdwn(String text) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("type", "mrkdwn");
        element.put("text", text);
        return element;
    }

    static String headerEmoji(String status) {
        return switch (status) {
            case "failed", "error", "timed_out" -> "🔴";
            case "passed" -> "🟢";
            default -> "🟡";
        };
    }

    static String color(String status) {
        return switch (status) {
            case "failed", "error", "timed_out" -> "danger";
            case "passed" -> "good";
            case "running" -> "warning";
            default -> "#cccccc";
        };
    }

    /** {@code 12ms} under a second, {@code 1.5s} under a minute, else {@code 2.0m}; Python's round-half-even. */
    static String duration(long elapsedNs) {
        double ms = elapsedNs / 1_000_000.0;
        if (ms < 1000) {
            return fixed(ms, 0) + "ms";
        }
        double seconds = ms / 1000;
        if (seconds < 60) {
            return fixed(seconds, 1) + "s";
        }
        return fixed(seconds / 60, 1) + "m";
    }

    private static String fixed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
