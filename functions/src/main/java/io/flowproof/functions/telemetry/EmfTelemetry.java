package io.flowproof.functions.telemetry;

import io.flowproof.domain.ensure.EnsureRun;
import io.flowproof.domain.ensure.EnsureState;
import io.flowproof.domain.ensure.PollSummary;
import io.flowproof.domain.evaluation.EvalStatus;
import io.flowproof.domain.evaluation.EvaluationException;
import io.flowproof.domain.model.RunRef;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.infra.json.WireJson;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * {@link Telemetry} for Lambda: the meters of {@link MeterNames} collected during one invocation and printed to
 * standard output as CloudWatch <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html">
 * embedded metric format</a> lines when the invocation has its answer. Lambda ships standard output to CloudWatch
 * Logs, which turns those lines into metrics: no API call, no IAM permission, no agent, no time added to the
 * invocation beyond formatting a few lines.
 *
 * <p>One line per dimension combination: {@code {"_aws":{"Timestamp","CloudWatchMetrics":[{"Namespace",
 * "Dimensions":[["function","status",...]],"Metrics":[{"Name","Unit"}]}]},"function":"ingest","status":"passed",
 * "flowproof.evaluations":3}}. Counters are the invocation's sums (unit {@code Count}); timers are the individual
 * samples in milliseconds, up to 100 per line as EMF allows (CloudWatch computes percentiles from them), at most
 * {@value #MAX_SAMPLES} per timer and invocation (later samples are counted in {@code <timer>.count} only).
 * Invocations of one Lambda instance never overlap; the maps are concurrent because one invocation's Reactor
 * pipeline may report from several threads.
 */
public final class EmfTelemetry implements Telemetry, InvocationMetrics {

    static final int MAX_SAMPLES = 1_000;
    private static final int VALUES_PER_LINE = 100;

    private final String namespace;
    private final String function;
    private final Clock clock;
    private final Supplier<PrintStream> out;
    private final Map<Series, DoubleAdder> counts = new ConcurrentHashMap<>();
    private final Map<Series, List<Double>> samples = new ConcurrentHashMap<>();

    /** @param out resolved at every flush (so the Lambda runtime's, or a test's, current standard output is used) */
    public EmfTelemetry(String namespace, String function, Clock clock, Supplier<PrintStream> out) {
        this.namespace = namespace;
        this.function = function;
        this.clock = clock;
        this.out = out;
    }

    /** A metric with its dimensions ({@code name, value, name, value...}, without {@code function}). */
    private record Series(String metric, List<String> dimensions) {

        /** Lines and metrics in a stable order: by metric name, then dimension values. */
        static final java.util.Comparator<Series> ORDER = java.util.Comparator.comparing(Series::metric)
                .thenComparing(series -> String.join("\n", series.dimensions()));
    }

    // --- Telemetry ------------------------------------------------------------------------------------

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void batchAccepted(int events) {
        count(MeterNames.BATCHES_ACCEPTED, 1);
        count(MeterNames.EVENTS_INGESTED, events);
    }

    @Override
    public void batchRefused(BatchRefusal reason) {
        count(MeterNames.BATCHES_REFUSED, 1, "reason", MicrometerTelemetry.tag(reason));
    }

    @Override
    public void runEvaluated(EvaluationMode mode, RunRef run, EvalStatus status, long nanos) {
        count(MeterNames.EVALUATIONS, 1, "mode", MicrometerTelemetry.tag(mode), "status", status.wireName());
        sample(MeterNames.EVALUATION_DURATION, nanos, "mode", MicrometerTelemetry.tag(mode));
    }

    @Override
    public void runNotEvaluated(EvaluationMode mode, RunRef run, EvaluationException.Reason reason) {
        count(MeterNames.EVALUATIONS_SKIPPED, 1, "mode", MicrometerTelemetry.tag(mode), "reason", MicrometerTelemetry.tag(reason));
    }

    @Override
    public void ensureMoved(EnsureRun run, EnsureState from) {
        count(MeterNames.ENSURE_TRANSITIONS, 1, "state", run.state().wireName());
    }

    @Override
    public void triggerFired(EnsureRun run, String handler, boolean succeeded, long nanos) {
        sample(MeterNames.TRIGGER_DURATION, nanos, "handler", handler, "outcome", succeeded ? "success" : "failure");
    }

    @Override
    public void pollTicked(PollSummary summary, long nanos) {
        sample(MeterNames.POLL_DURATION, nanos);
        count(MeterNames.POLL_RUNS_ADVANCED, summary.advanced());
    }

    private void count(String metric, double amount, String... dimensions) {
        counts.computeIfAbsent(new Series(metric, List.of(dimensions)), key -> new DoubleAdder()).add(amount);
    }

    private void sample(String metric, long nanos, String... dimensions) {
        Series series = new Series(metric, List.of(dimensions));
        List<Double> values = samples.computeIfAbsent(series, key -> new ArrayList<>());
        synchronized (values) {
            if (values.size() < MAX_SAMPLES) {
                values.add(nanos / 1_000_000.0);
            }
        }
        count(metric + ".count", 1, dimensions);
    }

    // --- InvocationMetrics ------------------------------------------------------------------------------

    @Override
    public <T> Mono<T> around(Mono<T> invocation) {
        // doOnTerminate runs before the answer is handed on, so the lines are out before the invocation returns
        return invocation.doOnTerminate(this::flush).doOnCancel(this::flush);
    }

    /** Prints what was collected since the last flush, and forgets it. */
    public void flush() {
        Map<List<String>, Map<String, Object>> lines = new LinkedHashMap<>();
        for (Series series : counts.keySet().stream().sorted(Series.ORDER).toList()) {
            DoubleAdder sum = counts.remove(series);
            if (sum != null) {
                metrics(lines, series.dimensions()).put(series.metric(), new Metric(sum.sum(), "Count"));
            }
        }
        List<List<String>> extra = new ArrayList<>();
        for (Series series : samples.keySet().stream().sorted(Series.ORDER).toList()) {
            List<Double> values = samples.remove(series);
            if (values == null) {
                continue;
            }
            List<Double> copy;
            synchronized (values) {
                copy = List.copyOf(values);
            }
            for (int from = 0; from < copy.size(); from += VALUES_PER_LINE) {
                List<Double> chunk = copy.subList(from, Math.min(copy.size(), from + VALUES_PER_LINE));
                List<String> key = series.dimensions();
                if (from > 0) { // further chunks of one timer go to lines of their own
                    key = new ArrayList<>(key);
                    key.add("#" + from);
                    extra.add(key);
                }
                metrics(lines, key).put(series.metric(), new Metric(chunk, "Milliseconds"));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        long timestamp = clock.millis();
        PrintStream stream = out.get();
        lines.forEach((key, metrics) -> stream.println(line(timestamp, extra.contains(key) ? key.subList(0, key.size() - 1) : key,
                metrics)));
        stream.flush();
    }

    private record Metric(Object value, String unit) {}

    private static Map<String, Object> metrics(Map<List<String>, Map<String, Object>> lines, List<String> key) {
        return lines.computeIfAbsent(key, k -> new LinkedHashMap<>());
    }

    private String line(long timestamp, List<String> dimensions, Map<String, Object> metrics) {
        List<String> names = new ArrayList<>();
        names.add("function");
        for (int i = 0; i < dimensions.size(); i += 2) {
            names.add(dimensions.get(i));
        }
        List<Map<String, Object>> definitions = new ArrayList<>();
        metrics.forEach((name, metric) -> definitions.add(Map.of("Name", name, "Unit", ((Metric) metric).unit())));
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(names));
        directive.put("Metrics", definitions);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", timestamp);
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.put("function", function);
        for (int i = 0; i < dimensions.size(); i += 2) {
            line.put(dimensions.get(i), dimensions.get(i + 1));
        }
        metrics.forEach((name, metric) -> line.put(name, ((Metric) metric).value()));
        return WireJson.write(line);
    }
}
