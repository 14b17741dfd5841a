package io.flowproof.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code flowproof cancel ID}: cancel an unfinished ensure run. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel an unfinished ensure run.",
        footer = {"", "Exit codes: 0 cancelled, 1 unknown or already finished (or a request failed), 2 usage error."})
final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    FlowproofCommand root;

    @Parameters(paramLabel = "ID", description = "The ensure run's id (see `flowproof runs`)")
    String id;

    @Override
    public Integer call() {
        JsonNode run = root.client().post("/v1/ensure-runs/" + ApiClient.encodePath(id) + "/cancel", null);
        root.env.out().println(Status.symbol("cancelled") + " Cancelled ensure run " + Json.text(run, "id") + " of flow "
                + Json.text(run, "flow"));
        return 0;
    }
}
