package io.flowproof.functions.local;

import io.flowproof.domain.flow.FlowProblem;
import io.flowproof.domain.flow.FlowSync;
import io.flowproof.domain.flow.SyncFlows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Syncs the flows directory once when the app starts, if the directory exists: valid files are written, each
 * problem is logged with its file and line. A failure (database unreachable) is logged; the app still starts and
 * {@code POST /v1/flows/sync} can be called later.
 */
public final class StartupFlowSync implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger("io.flowproof.flows");
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final SyncFlows syncFlows;
    private final Path flowsDir;

    public StartupFlowSync(SyncFlows syncFlows, Path flowsDir) {
        this.syncFlows = syncFlows;
        this.flowsDir = flowsDir;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!Files.isDirectory(flowsDir)) {
            log.debug("No flows directory at {}; nothing to sync", flowsDir.toAbsolutePath());
            return;
        }
        try {
            // runs once on the start-up thread, so the flows are in place before the app reports ready
            FlowSync report = syncFlows.sync(flowsDir.toString()).block(LIMIT);
            if (report != null) {
                log(report);
            }
        } catch (RuntimeException e) {
            log.warn("Could not sync the flows in {} at start: {}", flowsDir.toAbsolutePath(), e.toString());
        }
    }

    private void log(FlowSync report) {
        log.info("Synced {} nodes of {} flow(s) {} from {} file(s) in {}", report.nodes(), report.flows().size(),
                report.flows(), report.files(), flowsDir.toAbsolutePath());
        for (FlowProblem problem : report.problems()) {
            log.warn("Flow file skipped: {}", problem);
        }
    }
}
