package io.flowproof.functions.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowsCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return io.flowproof.functions.FlowsCommandAccess.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validatePrintsEveryProblemAsPathLineReasonAndExitsOne() throws IOException {
        Files.writeString(dir.resolve("ok.yaml"), "flow: ok\n");
        Files.writeString(dir.resolve("bad.yaml"), "flow: bad\nnodes:\n  - id: a\n");

        assertThat(run("validate", dir.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                dir.resolve("bad.yaml") + ":3: Each node must have an 'type' field\n2 file(s): 1 valid, 1 invalid\n");
    }

    @Test
    void validateExitsZeroWhenEverythingIsValid() throws IOException {
        Files.writeString(dir.resolve("ok.yaml"), "flow: ok\n");
        assertThat(run("validate", dir.resolve("ok.yaml").toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1 file(s): 1 valid, 0 invalid\n");
    }

    @Test
    void unknownSubCommandIsAUsageError() {
        assertThat(run("export")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: flows validate [PATH] | flows sync [PATH]");
    }
}
