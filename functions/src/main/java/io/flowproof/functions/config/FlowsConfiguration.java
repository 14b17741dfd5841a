package io.flowproof.functions.config;

import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.flow.ListFlows;
import io.flowproof.domain.flow.SyncFlows;
import io.flowproof.domain.port.FlowFiles;
import io.flowproof.domain.port.FlowSettingsStore;
import io.flowproof.domain.port.NodeStore;
import io.flowproof.functions.api.FlowsApi;
import io.flowproof.functions.local.StartupFlowSync;
import io.flowproof.infra.flows.YamlFlowFiles;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** YAML flow files: reading, syncing into the node and settings stores, their endpoints, and the sync at start. */
@Configuration(proxyBeanMethods = false)
public class FlowsConfiguration {

    @Bean
    YamlFlowFiles flowFiles(Expressions expressions) {
        return new YamlFlowFiles(expressions);
    }

    @Bean
    SyncFlows syncFlows(FlowFiles flowFiles, NodeStore nodes, FlowSettingsStore settings, Clock clock) {
        return new SyncFlows(flowFiles, nodes, settings, clock);
    }

    @Bean
    ListFlows listFlows(NodeStore nodes, FlowSettingsStore settings) {
        return new ListFlows(nodes, settings);
    }

    @Bean
    FlowsApi flowsApi(SyncFlows syncFlows, ListFlows listFlows, FlowFiles flowFiles, OperationsProperties properties) {
        return new FlowsApi(syncFlows, listFlows, flowFiles, properties.flowsDir().toString());
    }

    @Bean
    @ConditionalOnProperty(name = "flowproof.flows-sync-on-start", havingValue = "true", matchIfMissing = true)
    StartupFlowSync startupFlowSync(SyncFlows syncFlows, OperationsProperties properties) {
        return new StartupFlowSync(syncFlows, properties.flowsDir());
    }
}
