package io.flowproof.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Progress of the flows being ensured. Live (a terminal and {@code --live}): one status line per flow, redrawn in
 * place with ANSI cursor movement, and re-drawn every 250 ms so the elapsed/remaining times tick (also while the
 * server fires a flow's triggers, which it does before answering the start request). Otherwise plain lines, one each
 * time a flow's state or node states change, so logs and pipes stay readable. A finished flow always ends with
 * {@code [HH:MM:SS] <symbol> <flow>: <status> [<s>s]}. Thread-safe: flows report from several worker threads.
 */
final class Progress implements AutoCloseable {

    static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** What is known of one flow; its line is rendered from this at every redraw. */
    private static final class Entry {
        long startedMillis = -1;
        JsonNode run;
        String finalLine;
    }

    private final PrintWriter out;
    private final boolean live;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> lastPlain = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker;
    private int drawn;

    Progress(PrintWriter out, boolean live, Clock clock, List<String> flows) {
        this.out = out;
        this.live = live;
        this.clock = clock;
        flows.forEach(flow -> entries.put(flow, new Entry()));
        if (live) {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "flowproof-progress");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    /** The start request is on its way; the server fires the flow's triggers before it answers. */
    synchronized void starting(String flow) {
        entries.get(flow).startedMillis = clock.millis();
        if (live) {
            redraw();
        } else {
            out.println(stamp() + Status.symbol("triggering") + " " + flow + ": starting (firing triggers)");
            out.flush();
        }
    }

    /** A poll of a running flow: its ensure run (detail JSON). */
    synchronized void running(String flow, JsonNode run) {
        Entry entry = entries.get(flow);
        entry.run = run;
        if (live) {
            redraw();
        } else {
            String key = Json.text(run, "state") + "|" + nodeStates(run.path("evaluation"));
            if (!key.equals(lastPlain.put(flow, key))) {
                out.println(stamp() + line(flow, entry));
                out.flush();
            }
        }
    }

    synchronized void finished(FlowOutcome outcome) {
        String line = finalLine(outcome, clock);
        if (live) {
            entries.get(outcome.flow()).finalLine = line;
            redraw();
        } else {
            out.println(line);
            out.flush();
        }
    }

    /** Stops the live ticker and leaves the last drawing as it is. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    private synchronized void tick() {
        if (entries.values().stream().anyMatch(e -> e.finalLine == null && e.startedMillis >= 0)) {
            redraw();
        }
    }

    static String finalLine(FlowOutcome outcome, Clock clock) {
        return "[" + LocalTime.now(clock).format(HMS) + "] " + Status.symbol(outcome.status()) + " " + outcome.flow() + ": "
                + outcome.status() + " [" + String.format(Locale.ROOT, "%.1f", outcome.wallMs() / 1000.0) + "s]";
    }

    /** {@code ⏳ checkout: waiting (3.1s, 26.9s left)  ✓ place_order ⏳ payment_charged}. */
    private String line(String flow, Entry entry) {
        if (entry.finalLine != null) {
            return entry.finalLine;
        }
        if (entry.startedMillis < 0) {
            return Status.symbol("pending") + " " + flow + ": pending";
        }
        long elapsed = clock.millis() - entry.startedMillis;
        if (entry.run == null) {
            return Status.symbol("triggering") + " " + flow + ": starting, firing triggers (" + seconds(elapsed) + ")";
        }
        String state = Json.text(entry.run, "state");
        StringBuilder line = new StringBuilder().append(Status.symbol(state)).append(' ').append(flow).append(": ").append(state)
                .append(" (").append(seconds(elapsed));
        Instant deadline = deadline(entry.run);
        if (deadline != null) {
            line.append(", ").append(seconds(Math.max(0, deadline.toEpochMilli() - clock.millis()))).append(" left");
        }
        line.append(')');
        String nodes = nodeStates(entry.run.path("evaluation"));
        return nodes.isEmpty() ? line.toString() : line.append("  ").append(nodes).toString();
    }

    private void redraw() {
        StringBuilder block = new StringBuilder();
        if (drawn > 0) {
            block.append("\033[").append(drawn).append('F'); // back to the start of the block's first line
        }
        entries.forEach((flow, entry) -> block.append("\033[2K").append(line(flow, entry)).append('\n'));
        drawn = entries.size();
        out.print(block);
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
