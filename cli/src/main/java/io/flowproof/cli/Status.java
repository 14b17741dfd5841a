package io.flowproof.cli;

/** The contract's status symbols (flows-yaml.md §5). */
final class Status {

    private Status() {
    }

    static String symbol(String status) {
        if (status == null) {
            return "○";
        }
        return switch (status) {
            case "passed" -> "✓";
            case "failed", "error" -> "✗";
            case "timed_out" -> "⏱";
            case "cancelled", "skipped" -> "⊘";
            case "running", "triggering", "waiting" -> "⏳";
            case "flaky" -> "~";
            default -> "○"; // pending and anything unknown
        };
    }

    /** Ensure-run states that are final. */
    static boolean finished(String state) {
        return switch (state == null ? "" : state) {
            case "passed", "failed", "timed_out", "cancelled", "error" -> true;
            default -> false;
        };
    }
}
