package io.flowproof.infra.store;

import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.flow.Schedule;
import io.flowproof.domain.port.FlowSettingsStore;
import io.flowproof.infra.json.WireJson;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Flow settings in Postgres. */
public final class R2dbcFlowSettingsStore implements FlowSettingsStore {

    private static final String COLUMNS = "flow, timeout_ms, poll_interval_ms, retry::text AS retry, schedule_cron, schedule_zone, source_file";

    private static final String UPSERT = """
            INSERT INTO flow_settings (flow, timeout_ms, poll_interval_ms, retry, schedule_cron, schedule_zone, source_file, updated_at)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, now())
            ON CONFLICT (flow) DO UPDATE SET timeout_ms = EXCLUDED.timeout_ms, poll_interval_ms = EXCLUDED.poll_interval_ms,
                retry = EXCLUDED.retry, schedule_cron = EXCLUDED.schedule_cron, schedule_zone = EXCLUDED.schedule_zone,
                source_file = EXCLUDED.source_file, updated_at = now()
            """;

    private final DatabaseClient db;

    public R2dbcFlowSettingsStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<FlowSettings> save(FlowSettings settings) {
        Object[] values = {
            settings.flow(), settings.timeoutMs(), settings.pollIntervalMs(), retryJson(settings.triggerRetry()),
            settings.schedule() == null ? null : settings.schedule().cron(),
            settings.schedule() == null ? null : settings.schedule().zone(), settings.sourceFile()
        };
        Class<?>[] types = {String.class, Long.class, Long.class, String.class, String.class, String.class, String.class};
        var spec = db.sql(UPSERT);
        for (int i = 0; i < values.length; i++) {
            spec = values[i] == null ? spec.bindNull(i, types[i]) : spec.bind(i, values[i]);
        }
        return spec.then().thenReturn(settings).onErrorMap(StoreErrors::translate);
    }

    @Override
    public Mono<FlowSettings> find(String flow) {
        return db.sql("SELECT " + COLUMNS + " FROM flow_settings WHERE flow = $1").bind(0, flow)
                .map(R2dbcFlowSettingsStore::settings).one().onErrorMap(StoreErrors::translate);
    }

    @Override
    public Flux<FlowSettings> all() {
        return db.sql("SELECT " + COLUMNS + " FROM flow_settings ORDER BY flow")
                .map(R2dbcFlowSettingsStore::settings).all().onErrorMap(StoreErrors::translate);
    }

    @Override
    public Flux<FlowSettings> scheduled() {
        return db.sql("SELECT " + COLUMNS + " FROM flow_settings WHERE schedule_cron IS NOT NULL ORDER BY flow")
                .map(R2dbcFlowSettingsStore::settings).all().onErrorMap(StoreErrors::translate);
    }

    private static String retryJson(RetryPolicy retry) {
        if (retry == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("max_attempts", retry.maxAttempts());
        map.put("initial_ms", retry.initial().toMillis());
        map.put("factor", retry.factor());
        map.put("max_ms", retry.max().toMillis());
        return WireJson.write(map);
    }

    private static FlowSettings settings(Readable row) {
        Map<String, Object> retry = WireJson.readObject(row.get("retry", String.class));
        RetryPolicy policy = retry == null ? null : new RetryPolicy(((Number) retry.get("max_attempts")).intValue(),
                Duration.ofMillis(((Number) retry.get("initial_ms")).longValue()), ((Number) retry.get("factor")).doubleValue(),
                Duration.ofMillis(((Number) retry.get("max_ms")).longValue()));
        String cron = row.get("schedule_cron", String.class);
        return new FlowSettings(row.get("flow", String.class), row.get("timeout_ms", Long.class),
                row.get("poll_interval_ms", Long.class), policy, cron == null ? null : new Schedule(cron, row.get("schedule_zone", String.class)),
                row.get("source_file", String.class));
    }
}
