package io.flowproof.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TestDataDirectoryListenerTest {

    @Test
    void pointsTheDataDirectoryOfEveryTestJvmAtATemporaryDirectory() throws Exception {
        String configured = System.getProperty("flowproof.data-dir");

        assertThat(configured).isNotNull();
        Path directory = Path.of(configured);
        assertThat(directory).isEqualTo(TestDataDirectory.path());
        assertThat(directory.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toRealPath())).isTrue();
        assertThat(directory.startsWith(Path.of(System.getProperty("user.home"), ".flowproof"))).isFalse();
    }
}
