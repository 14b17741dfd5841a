package io.flowproof.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code flowproof}: the root command; {@code --url} and {@code --api-key} may be given before or after a subcommand. */
@Command(name = "flowproof", mixinStandardHelpOptions = true, version = "flowproof 0.1.0",
        description = "Drive a Flowproof server: ensure runs, flow files, evaluations (through its HTTP API).",
        subcommands = {EnsureCommand.class, FlowsCommand.class, EvalCommand.class, RunsCommand.class, CancelCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 a run did not pass or a request failed, 2 usage error."})
final class FlowproofCommand implements Runnable {

    final CliEnv env;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Flowproof server (default: FLOWPROOF_URL, BUSINESS_USE_URL, else http://localhost:13370)")
    String url;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            description = "API key (default: FLOWPROOF_API_KEY, BUSINESS_USE_API_KEY, else the local app's key file)")
    String apiKey;

    FlowproofCommand(CliEnv env) {
        this.env = env;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: ensure, flows, eval, runs or cancel");
    }

    ApiClient client() {
        return new ApiClient(Connection.resolve(url, apiKey, env));
    }
}
