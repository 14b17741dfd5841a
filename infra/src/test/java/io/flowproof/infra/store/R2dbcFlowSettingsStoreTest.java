package io.flowproof.infra.store;

import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.RetryPolicy;
import io.flowproof.domain.flow.Schedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class R2dbcFlowSettingsStoreTest extends StoreTestSupport {

    @Test
    void savesReplacesAndListsScheduledFlows() {
        var store = new R2dbcFlowSettingsStore(db);
        var full = new FlowSettings("pay", 60_000L, 500L, RetryPolicy.backoff(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5)),
                new Schedule("*/5 * * * *", "Europe/Paris"), ".business-use/pay.yaml");

        StepVerifier.create(store.save(full).then(store.save(FlowSettings.defaults("plain"))).then(store.find("pay")))
                .expectNext(full).verifyComplete();
        StepVerifier.create(store.scheduled().map(FlowSettings::flow)).expectNext("pay").verifyComplete();

        StepVerifier.create(store.save(FlowSettings.defaults("pay")).then(store.find("pay")))
                .expectNext(FlowSettings.defaults("pay")).verifyComplete();
        StepVerifier.create(store.scheduled()).verifyComplete();
        StepVerifier.create(store.all().map(FlowSettings::flow)).expectNext("pay", "plain").verifyComplete();
        StepVerifier.create(store.find("absent")).verifyComplete();
    }
}
