package io.flowproof.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Progress of the flows being ensured. Live (a terminal and {@code --live}): one status line per flow, redrawn in
 * place with ANSI cursor movement. Otherwise plain lines, one each time a flow's state or node states change, so
 * logs and pipes stay readable. A finished flow always ends with {@code [HH:MM:SS] <symbol> <flow>: <status> [<s>s]}.
 * Thread-safe: flows report from several worker threads.
 */
final class Progress {

    static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter out;
    private final boolean live;
    private final Clock clock;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, String> lastPlain = new LinkedHashMap<>();
    private int drawn;

    Progress(PrintWriter out, boolean live, Clock clock, List<String> flows) {
        this.out = out;
        this.live = live;
        this.clock = clock;
        flows.forEach(flow -> lines.put(flow, "○ " + flow + ": pending"));
    }

    /** The start request is on its way; the server fires the flow's triggers before it answers. */
    synchronized void starting(String flow) {
        String line = Status.symbol("triggering") + " " + flow + ": starting (firing triggers)";
        if (live) {
            lines.put(flow, line);
            redraw();
        } else {
            out.println(stamp() + line);
            out.flush();
        }
    }

    /** A poll of a running flow: its ensure run (detail JSON) and the time since it was started. */
    synchronized void running(String flow, JsonNode run, long elapsedMs) {
        String state = Json.text(run, "state");
        StringBuilder line = new StringBuilder().append(Status.symbol(state)).append(' ').append(flow).append(": ").append(state);
        line.append(" (").append(seconds(elapsedMs));
        Instant deadline = deadline(run);
        if (deadline != null) {
            long left = Math.max(0, deadline.toEpochMilli() - clock.millis());
            line.append(", ").append(seconds(left)).append(" left");
        }
        line.append(')');
        String nodes = nodeStates(run.path("evaluation"));
        if (!nodes.isEmpty()) {
            line.append("  ").append(nodes);
        }
        if (live) {
            lines.put(flow, line.toString());
            redraw();
        } else {
            String key = state + "|" + nodes;
            if (!key.equals(lastPlain.put(flow, key))) {
                out.println(stamp() + line);
                out.flush();
            }
        }
    }

    synchronized void finished(FlowOutcome outcome) {
        String line = finalLine(outcome, clock);
        if (live) {
            lines.put(outcome.flow(), line);
            redraw();
        } else {
            out.println(line);
            out.flush();
        }
    }

    static String finalLine(FlowOutcome outcome, Clock clock) {
        return "[" + LocalTime.now(clock).format(HMS) + "] " + Status.symbol(outcome.status()) + " " + outcome.flow() + ": "
                + outcome.status() + " [" + String.format(Locale.ROOT, "%.1f", outcome.wallMs() / 1000.0) + "s]";
    }

    private void redraw() {
        if (drawn > 0) {
            out.print("\033[" + drawn + "F"); // to the start of the first line of the block
        }
        List<String> block = new ArrayList<>(lines.values());
        for (String line : block) {
            out.print("\033[2K" + line + "\n");
        }
        drawn = block.size();
        out.flush();
    }

    private String stamp() {
        return "[" + LocalTime.now(clock).format(HMS) + "] ";
    }

    /** {@code ✓ order_placed ⏳ payment_charged} from an evaluation's exec_info. */
    static String nodeStates(JsonNode evaluation) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : evaluation.path("exec_info")) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(Status.symbol(Json.text(item, "status"))).append(' ').append(Json.text(item, "node_id"));
        }
        return text.toString();
    }

    private static Instant deadline(JsonNode run) {
        String text = Json.text(run, "deadline");
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
