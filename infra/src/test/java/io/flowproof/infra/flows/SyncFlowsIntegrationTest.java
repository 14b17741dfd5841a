package io.flowproof.infra.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.flow.FlowSettings;
import io.flowproof.domain.flow.FlowSync;
import io.flowproof.domain.flow.Schedule;
import io.flowproof.domain.flow.SyncFlows;
import io.flowproof.domain.model.NodeDefinition;
import io.flowproof.domain.model.NodeKey;
import io.flowproof.domain.model.NodeSource;
import io.flowproof.domain.model.NodeType;
import io.flowproof.infra.store.KnownNodes;
import io.flowproof.infra.store.R2dbcFlowSettingsStore;
import io.flowproof.infra.store.R2dbcNodeStore;
import io.flowproof.infra.store.StoreTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** {@link SyncFlows} with the YAML reader and the Postgres stores. */
class SyncFlowsIntegrationTest extends StoreTestSupport {

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private final R2dbcNodeStore nodes = new R2dbcNodeStore(db, tx, new KnownNodes(System::nanoTime), clock);
    private final R2dbcFlowSettingsStore settings = new R2dbcFlowSettingsStore(db);
    private final SyncFlows sync = new SyncFlows(new YamlFlowFiles(FlowFileParserTest.EXPRESSIONS), nodes, settings, clock);

    @AfterEach
    void cleanUp() {
        // the database is shared with the other store tests: leave it as found
        db.sql("DELETE FROM nodes WHERE flow = 'sync_pay'").then()
                .then(db.sql("DELETE FROM flow_settings WHERE flow = 'sync_pay'").then()).block();
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private NodeDefinition stored(String flow, String id) {
        return nodes.find(new NodeKey(flow, id)).block();
    }

    @Test
    void upsertsCodeNodesKeepsCreationTimeRevivesAndNeverDeletes() throws IOException {
        write("sync_pay.yaml", """
                flow: sync_pay
                schedule: {cron: "*/5 * * * *", timezone: Europe/Paris}
                nodes:
                  - id: start
                    type: trigger
                    handler: command
                    handler_input:
                      params: {command: "echo 1", run_id_extractor: {engine: python, script: "output['stdout']"}}
                  - id: paid
                    type: assert
                    dep_ids: [start]
                    description: first
                """);
        write("broken.yaml", "flow: broken\nnodes: {}\n");

        StepVerifier.create(sync.sync(dir.toString()))
                .assertNext(report -> {
                    assertThat(report.files()).isEqualTo(2);
                    assertThat(report.flows()).containsExactly("sync_pay");
                    assertThat(report.nodes()).isEqualTo(2);
                    assertThat(report.problems()).singleElement().hasToString("broken.yaml:2: 'nodes' field must be a list");
                })
                .verifyComplete();
        Instant created = stored("sync_pay", "paid").createdAt();
        assertThat(created).isEqualTo(now.get().truncatedTo(ChronoUnit.MICROS));
        assertThat(stored("sync_pay", "start").source()).isEqualTo(NodeSource.CODE);
        assertThat(stored("sync_pay", "start").handler()).isEqualTo("command");
        assertThat(settings.find("sync_pay").block())
                .isEqualTo(new FlowSettings("sync_pay", null, null, null, new Schedule("*/5 * * * *", "Europe/Paris"), "sync_pay.yaml"));

        // a manual node of the flow, a deleted node, and a YAML edit: the next sync replaces, revives, keeps
        nodes.save(new NodeDefinition("sync_pay", "by_hand", NodeType.GENERIC, NodeSource.MANUAL, null, List.of(), null, null,
                List.of(), null, null, null, null, null, null)).block();
        nodes.saveAll(List.of(), List.of(new NodeKey("sync_pay", "paid"))).block();
        now.set(now.get().plusSeconds(60));
        write("sync_pay.yaml", """
                flow: sync_pay
                nodes:
                  - id: paid
                    type: act
                    description: second
                """);

        StepVerifier.create(sync.sync(dir.toString()).map(FlowSync::nodes)).expectNext(1).verifyComplete();

        NodeDefinition paid = stored("sync_pay", "paid");
        assertThat(paid.deletedAt()).isNull();
        assertThat(paid.type()).isEqualTo(NodeType.ACT);
        assertThat(paid.description()).isEqualTo("second");
        assertThat(paid.depIds()).isEmpty();
        assertThat(paid.createdAt()).isEqualTo(created);
        assertThat(paid.updatedAt()).isEqualTo(now.get().truncatedTo(ChronoUnit.MICROS));
        assertThat(stored("sync_pay", "start").deletedAt()).isNull();
        assertThat(stored("sync_pay", "by_hand").deletedAt()).isNull();
        assertThat(settings.find("sync_pay").block()).isEqualTo(new FlowSettings("sync_pay", null, null, null, null, "sync_pay.yaml"));
    }

    @Test
    void aMissingDirectoryIsOneProblemAndWritesNothing() {
        StepVerifier.create(sync.sync(dir.resolve("nope").toString()))
                .assertNext(report -> {
                    assertThat(report.nodes()).isZero();
                    assertThat(report.flows()).isEmpty();
                    assertThat(report.problems()).hasSize(1);
                })
                .verifyComplete();
    }
}
