package io.flowproof.functions;

import io.flowproof.domain.expression.Expressions;
import io.flowproof.domain.expression.cel.CelExpressionEngine;
import io.flowproof.domain.expression.js.JsExpressionEngine;
import io.flowproof.domain.expression.python.PythonExpressionEngine;
import io.flowproof.domain.flow.FlowFile;
import io.flowproof.domain.flow.FlowProblem;
import io.flowproof.domain.flow.FlowSync;
import io.flowproof.domain.flow.SyncFlows;
import io.flowproof.infra.flows.YamlFlowFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar functions.jar flows validate [PATH]} (parses only, no database; exit 1 when any file is
 * invalid) and {@code flows sync [PATH]} (writes the valid files to the database; exit 0 even when some files
 * are invalid, as the original's {@code nodes sync}). PATH defaults to {@code FLOWPROOF_FLOWS_DIR}, else
 * {@code .business-use}. Problems are printed as {@code path:line: reason}. Arguments starting with {@code --}
 * are Spring properties for {@code sync} (e.g. {@code --flowproof.database.url=postgresql://...}).
 */
final class FlowsCommand {

    private static final String USAGE = "usage: flows validate [PATH] | flows sync [PATH]";

    private FlowsCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> positional = Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toList();
        String[] options = Arrays.stream(args).filter(arg -> arg.startsWith("--")).toArray(String[]::new);
        if (positional.isEmpty() || positional.size() > 2) {
            err.println(USAGE);
            return 2;
        }
        String location = positional.size() == 2 ? positional.get(1) : defaultLocation();
        return switch (positional.get(0)) {
            case "validate" -> validate(location, out);
            case "sync" -> sync(location, options, out);
            default -> {
                err.println(USAGE);
                yield 2;
            }
        };
    }

    private static String defaultLocation() {
        String configured = System.getenv("FLOWPROOF_FLOWS_DIR");
        return configured == null || configured.isBlank() ? ".business-use" : configured;
    }

    static int validate(String location, PrintStream out) {
        Expressions expressions = new Expressions(List.of(new CelExpressionEngine(), new JsExpressionEngine(),
                new PythonExpressionEngine()));
        List<FlowFile> files = new YamlFlowFiles(expressions).readNow(Path.of(location));
        int invalid = 0;
        for (FlowFile file : files) {
            if (!file.isValid()) {
                invalid++;
                file.problems().forEach(problem -> out.println(shown(location, problem)));
            }
        }
        out.println(files.size() + " file(s): " + (files.size() - invalid) + " valid, " + invalid + " invalid");
        return invalid == 0 ? 0 : 1;
    }

    private static int sync(String location, String[] springArgs, PrintStream out) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FlowproofApplication.class)
                .web(WebApplicationType.NONE)
                .properties("flowproof.evaluation-mode=sync", "flowproof.flows-sync-on-start=false")
                .run(springArgs);
        try {
            FlowSync report = context.getBean(SyncFlows.class).sync(location).block(Duration.ofMinutes(2));
            report.problems().forEach(problem -> out.println(shown(location, problem)));
            out.println("Synced " + report.nodes() + " node(s) of " + report.flows().size() + " flow(s) " + report.flows()
                    + " from " + report.files() + " file(s); " + report.problems().size() + " problem(s)");
        } finally {
            SpringApplication.exit(context);
        }
        return 0;
    }

    /** {@code .business-use/pay.yaml:3: reason}: the path as given, so editors and terminals can open it. */
    static String shown(String location, FlowProblem problem) {
        Path base = Path.of(location);
        String file = Files.isDirectory(base) ? base.resolve(problem.file()).toString() : base.toString();
        return new FlowProblem(file, problem.line(), problem.reason()).toString();
    }
}
