package io.flowproof.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code flowproof flows validate|sync|list}. */
@Command(name = "flows", mixinStandardHelpOptions = true, description = "YAML flow files: validate local files, sync or list the server's flows.",
        subcommands = {FlowsCommand.Validate.class, FlowsCommand.Sync.class, FlowsCommand.ListFlows.class})
final class FlowsCommand implements Runnable {

    @ParentCommand
    FlowproofCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: validate, sync or list");
    }

    /**
     * Validates local files with the server's own rules: each file is POSTed to {@code /v1/flows/validate}, so the
     * rules live in one place (the server) and the CLI never disagrees with what a sync would accept.
     */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Validate local YAML flow files (checked by the server; nothing is stored).",
                    "PATH: a file or a directory searched recursively (default: FLOWPROOF_FLOWS_DIR, else .business-use)."},
            footer = {"", "Exit codes: 0 all files valid, 1 any problem, 2 usage error."})
    static final class Validate implements Callable<Integer> {

        @ParentCommand
        FlowsCommand flows;

        @Parameters(paramLabel = "PATH", arity = "0..1")
        Path path;

        @Override
        public Integer call() {
            CliEnv env = flows.root.env;
            Path target = path != null ? path
                    : Path.of(env.get("FLOWPROOF_FLOWS_DIR") != null ? env.get("FLOWPROOF_FLOWS_DIR") : ".business-use");
            if (!Files.exists(target)) {
                throw new CliFailure("No flow files at " + target + " (pass PATH or set FLOWPROOF_FLOWS_DIR)");
            }
            List<Path> files = flowFiles(target);
            ApiClient api = flows.root.client();
            PrintWriter out = env.out();
            int invalid = 0;
            int problems = 0;
            for (Path file : files) {
                String name = Files.isDirectory(target) ? target.relativize(file).toString() : file.getFileName().toString();
                JsonNode answer = api.postText("/v1/flows/validate", Map.of("file", name), read(file));
                for (JsonNode problem : answer.path("problems")) {
                    out.println(display(target, Json.text(problem, "file")) + ":" + problem.path("line").asLong() + ": "
                            + Json.text(problem, "reason"));
                    problems++;
                }
                if (!answer.path("valid").asBoolean()) {
                    invalid++;
                } else {
                    out.println("✓ " + display(target, name) + ": flow " + Json.text(answer, "flow") + ", "
                            + answer.path("nodes").asLong() + " nodes");
                }
            }
            out.println((files.size() - invalid) + " of " + files.size() + " files valid" + (problems == 0 ? "" : ", " + problems
                    + (problems == 1 ? " problem" : " problems")));
            return invalid == 0 ? 0 : 1;
        }

        private static String display(Path target, String name) {
            return Files.isDirectory(target) ? target.resolve(name).toString() : target.toString();
        }

        /** {@code *.yaml}, {@code *.yml} (recursively), without {@code secrets.yaml*} and {@code config.yaml*}, as the server. */
        static List<Path> flowFiles(Path target) {
            if (!Files.isDirectory(target)) {
                return List.of(target);
            }
            try (Stream<Path> walk = Files.walk(target)) {
                return walk.filter(Files::isRegularFile).filter(p -> {
                    String name = p.getFileName().toString();
                    return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith("secrets.yaml")
                            && !name.startsWith("config.yaml");
                }).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliFailure("Cannot read " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = {"Ask the server to sync ITS flows directory (FLOWPROOF_FLOWS_DIR of the server) into its node store.",
                    "Local files are not uploaded. Problems are printed; the exit code is 0 even then (as the original)."})
    static final class Sync implements Callable<Integer> {

        @ParentCommand
        FlowsCommand flows;

        @Override
        public Integer call() {
            JsonNode report = flows.root.client().post("/v1/flows/sync", null);
            PrintWriter out = flows.root.env.out();
            for (JsonNode problem : report.path("problems")) {
                out.println(Json.text(problem, "file") + ":" + problem.path("line").asLong() + ": " + Json.text(problem, "reason"));
            }
            StringBuilder names = new StringBuilder();
            report.path("flows").forEach(f -> names.append(names.isEmpty() ? "" : ", ").append(f.asString()));
            out.println("Synced " + report.path("flows").size() + " flows (" + report.path("nodes").asLong() + " nodes) from "
                    + report.path("files").asLong() + " files on the server" + (names.isEmpty() ? "" : ": " + names)
                    + (report.path("problems").isEmpty() ? "" : "; " + report.path("problems").size() + " problems"));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the server's flows (GET /v1/flows).")
    static final class ListFlows implements Callable<Integer> {

        @ParentCommand
        FlowsCommand flows;

        @Option(names = {"--json", "--json-output"}, description = "Print the server's JSON")
        boolean json;

        @Override
        public Integer call() {
            JsonNode list = flows.root.client().get("/v1/flows");
            PrintWriter out = flows.root.env.out();
            if (json) {
                out.println(Json.pretty(list));
                return 0;
            }
            if (list.isEmpty()) {
                out.println("No flows on the server");
                return 0;
            }
            out.println(String.format("%-30s %6s %9s %10s  %s", "FLOW", "NODES", "TRIGGERS", "TIMEOUT", "SCHEDULE"));
            for (JsonNode flow : list) {
                JsonNode schedule = flow.path("schedule");
                out.println(String.format("%-30s %6d %9d %9dms  %s", Json.text(flow, "flow"), flow.path("nodes").asLong(),
                        flow.path("trigger_nodes").asLong(), flow.path("ensure").path("timeout_ms").asLong(),
                        schedule.isObject() ? Json.text(schedule, "cron") + " " + Json.text(schedule, "timezone") : "-"));
            }
            return 0;
        }
    }
}
