package io.flowproof.functions.config;

import io.flowproof.domain.ensure.AdvanceEnsures;
import io.flowproof.domain.ensure.CancelEnsure;
import io.flowproof.domain.ensure.EnsureDriver;
import io.flowproof.domain.ensure.FindEnsureRuns;
import io.flowproof.domain.ensure.FireSchedules;
import io.flowproof.domain.ensure.PollEnsures;
import io.flowproof.domain.ensure.PollSummary;
import io.flowproof.domain.ensure.StartEnsure;
import io.flowproof.domain.ensure.Templates;
import io.flowproof.domain.evaluation.EvaluateRun;
import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.port.CronCalculator;
import io.flowproof.domain.port.EnsureRunStore;
import io.flowproof.domain.port.EventStore;
import io.flowproof.domain.port.FlowSettingsStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.domain.port.Notifier;
import io.flowproof.domain.port.SecretResolver;
import io.flowproof.domain.port.Telemetry;
import io.flowproof.functions.telemetry.InvocationMetrics;
import io.flowproof.infra.logging.LogContext;
import io.flowproof.domain.port.TriggerExecutor;
import io.flowproof.functions.api.EnsureApi;
import io.flowproof.functions.api.RequestLimits;
import io.flowproof.functions.local.EnsureTicker;
import io.flowproof.infra.schedule.SpringCronCalculator;
import io.flowproof.infra.store.R2dbcEnsureRunStore;
import io.flowproof.infra.trigger.OutboundPolicy;
import io.flowproof.infra.trigger.ProcessCommandTrigger;
import io.flowproof.infra.trigger.WebClientHttpTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import io.flowproof.functions.lambda.FunctionUrlAdapter;
import org.springframework.messaging.Message;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Ensure runs: the store, the trigger adapters, the use cases, the {@code trigger} and {@code poll} function
 * beans, the {@code /v1/ensure-runs} routes and the local ticker.
 *
 * <p>{@link SecretResolver} and {@link Notifier} are taken from the context when the app defines them (secrets
 * files / AWS, Slack / webhooks); until then secrets come from the environment and notifications are logged.
 */
@Configuration(proxyBeanMethods = false)
public class EnsureConfiguration {

    private static final Logger log = LoggerFactory.getLogger("io.flowproof.ensure");

    /** How long a poller holds a run it works on (a trigger attempt: its own timeout + 30 s). */
    static final Duration LEASE = Duration.ofSeconds(60);
    /** Cron slots missed by more than this (the app was down) are skipped rather than replayed. */
    static final Duration SCHEDULE_GRACE = Duration.ofMinutes(5);
    static final int CHUNK = 500;
    static final int WORKERS = 2;
    static final int TRIGGER_CONCURRENCY = 16;

    @Bean
    R2dbcEnsureRunStore ensureRunStore(DatabaseClient db, TransactionalOperator tx) {
        return new R2dbcEnsureRunStore(db, tx);
    }

    @Bean
    WebClientHttpTrigger httpTrigger(EnsureProperties properties) {
        return new WebClientHttpTrigger(new OutboundPolicy(properties.outboundAllowedHosts(), properties.outboundAllowPrivate()));
    }

    @Bean
    ProcessCommandTrigger commandTrigger(EnsureProperties properties) {
        return new ProcessCommandTrigger(properties.commandTriggers());
    }

    @Bean
    SpringCronCalculator cronCalculator() {
        return new SpringCronCalculator();
    }

    @Bean
    EnsureDriver ensureDriver(EnsureRunStore runs, NodeStore nodes, EventStore events, EvaluateRun evaluateRun, Expressions expressions,
            List<TriggerExecutor> executors, ObjectProvider<SecretResolver> secrets, ObjectProvider<Notifier> notifier, Clock clock,
            Supplier<UUID> ids, Telemetry telemetry) {
        SecretResolver resolver = secrets.getIfAvailable(() -> key -> Mono.justOrEmpty(System.getenv(key)));
        Templates templates = new Templates(resolver, System::getenv);
        Notifier notify = notifier.getIfAvailable(() -> notification -> Mono.fromRunnable(() -> {
            try (var context = LogContext.of(notification.flow(), notification.runId(), notification.ensureRunId())) {
                log.warn("Ensure run {} of flow '{}' ended {} (run_id={}); no notifier is configured",
                        notification.ensureRunId(), notification.flow(), notification.status(), notification.runId());
            }
        }));
        return new EnsureDriver(runs, nodes, events, evaluateRun, expressions, templates, executors, notify, clock, ids, LEASE, log::warn,
                telemetry);
    }

    @Bean
    StartEnsure startEnsure(EnsureRunStore runs, NodeStore nodes, FlowSettingsStore settings, EnsureDriver driver, Supplier<UUID> ids) {
        return new StartEnsure(runs, nodes, settings, driver, ids);
    }

    @Bean
    AdvanceEnsures advanceEnsures(EnsureRunStore runs, EvaluateRun evaluateRun, EnsureDriver driver, Supplier<UUID> ids) {
        return new AdvanceEnsures(runs, evaluateRun, driver, ids, CHUNK, WORKERS, TRIGGER_CONCURRENCY, log::warn);
    }

    @Bean
    FireSchedules fireSchedules(FlowSettingsStore settings, NodeStore nodes, EnsureRunStore runs, CronCalculator cron, Clock clock,
            Supplier<UUID> ids) {
        return new FireSchedules(settings, nodes, runs, cron, clock, ids, SCHEDULE_GRACE, log::warn);
    }

    @Bean
    PollEnsures pollEnsures(FireSchedules schedules, AdvanceEnsures advance, Telemetry telemetry) {
        return new PollEnsures(schedules, advance, System::nanoTime, telemetry);
    }

    @Bean
    CancelEnsure cancelEnsure(EnsureRunStore runs, Clock clock, Telemetry telemetry) {
        return new CancelEnsure(runs, clock, telemetry);
    }

    @Bean
    FindEnsureRuns findEnsureRuns(EnsureRunStore runs) {
        return new FindEnsureRuns(runs);
    }

    @Bean
    EnsureApi ensureApi(StartEnsure start, CancelEnsure cancel, FindEnsureRuns find, RequestLimits limits) {
        return new EnsureApi(start, cancel, find, limits);
    }

    /** Cloud function: starts and cancels ensure runs ({@code POST /v1/ensure-runs}, {@code .../cancel}). */
    @Bean
    Function<Message<byte[]>, Mono<Message<byte[]>>> trigger(FunctionUrlAdapter adapter, InvocationMetrics metrics) {
        return event -> metrics.around(adapter.handle(event, EnsureApi.TRIGGER));
    }

    /**
     * Cloud function: one poll tick. Takes the EventBridge scheduled event (ignored) or nothing; returns
     * {@code {"claimed","advanced","passed","failed","timed_out","errors","schedules_fired","duration_ms"}}.
     */
    @Bean
    Function<Map<String, Object>, Mono<Map<String, Object>>> poll(PollEnsures poll, InvocationMetrics metrics) {
        return event -> metrics.around(poll.poll().map(EnsureConfiguration::summary));
    }

    static Map<String, Object> summary(PollSummary summary) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("claimed", summary.claimed());
        body.put("advanced", summary.advanced());
        body.put("passed", summary.passed());
        body.put("failed", summary.failed());
        body.put("timed_out", summary.timedOut());
        body.put("errors", summary.errors());
        body.put("schedules_fired", summary.schedulesFired());
        body.put("duration_ms", summary.durationMs());
        return body;
    }

    /** The local ticker; off on Lambda ({@code evaluation-mode=sync}: EventBridge calls {@code poll}) or when disabled. */
    @Bean
    @ConditionalOnExpression("'${flowproof.evaluation-mode:async}' != 'sync' and ${flowproof.poller.enabled:true}")
    EnsureTicker ensureTicker(PollEnsures poll, EnsureProperties properties) {
        return new EnsureTicker(poll, Duration.ofMillis(Math.max(10, properties.pollIntervalMs())));
    }
}
