package io.flowproof.infra.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.domain.flow.FlowFile;
import io.flowproof.domain.flow.FlowProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

class YamlFlowFilesTest {

    @TempDir
    Path dir;

    private final YamlFlowFiles files = new YamlFlowFiles(FlowFileParserTest.EXPRESSIONS);

    private void write(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    @Test
    void readsYamlAndYmlRecursivelySkippingSecretsAndConfig() throws IOException {
        write("b.yaml", "flow: b\nnodes: [{id: x, type: act}]\n");
        write("a.yml", "flow: a\n");
        write("nested/deeper/c.yaml", "flow: c\n");
        write("secrets.yaml", "KEY: value\n");
        write("secrets.yaml.example", "KEY: value\n");
        write("config.yaml", "api_key: k\n");
        write("notes.txt", "flow: nope\n");

        StepVerifier.create(files.read(dir.toString()))
                .assertNext(read -> assertThat(read).extracting(FlowFile::file).containsExactly("a.yml", "b.yaml", "nested/deeper/c.yaml"))
                .verifyComplete();
    }

    @Test
    void aFlowLivesInOneFile() throws IOException {
        write("one.yaml", "flow: shop\n");
        write("two.yaml", "# the same flow again\nflow: shop\n");

        List<FlowFile> read = files.readNow(dir);

        assertThat(read.get(0).isValid()).isTrue();
        assertThat(read.get(1).problems()).containsExactly(
                new FlowProblem("two.yaml", 2, "flow 'shop' is already defined in one.yaml (a flow lives in one file)"));
    }

    @Test
    void readsASingleFileAndReportsAMissingLocation() throws IOException {
        write("only.yaml", "flow: only\n");

        assertThat(files.readNow(dir.resolve("only.yaml"))).extracting(FlowFile::file).containsExactly("only.yaml");
        List<FlowFile> missing = files.readNow(dir.resolve("absent"));
        assertThat(missing).singleElement().satisfies(file -> assertThat(file.problems()).singleElement()
                .extracting(FlowProblem::reason).isEqualTo("no such file or directory"));
    }

    @Test
    void anEmptyDirectoryHasNoFiles() {
        StepVerifier.create(files.read(dir.toString())).expectNext(List.of()).verifyComplete();
    }
}
