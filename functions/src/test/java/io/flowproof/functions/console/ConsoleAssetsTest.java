package io.flowproof.functions.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowproof.functions.api.ApiRequest;
import io.flowproof.functions.api.ApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {

    private static final Path SOURCES = Path.of("src/main/resources/console");

    private final ConsoleAssets assets = ConsoleAssets.fromClasspath(getClass().getClassLoader());

    private static ApiRequest get(String path, Map<String, String> headers) {
        return new ApiRequest("GET", path, Map.of(), headers, null);
    }

    @Test
    void listsEveryConsoleFileInItsManifest() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("assets.txt")).sorted().toList();
            assertThat(assets.assets().keySet()).containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Test
    void servesModulesStylesAndThePageWithTheirContentTypes() {
        assertThat(assets.serve(get("/ui/app.js", Map.of()), "app.js").headers())
                .containsEntry("Content-Type", "text/javascript; charset=utf-8")
                .containsEntry("Cache-Control", "no-cache")
                .containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(assets.serve(get("/ui/style.css", Map.of()), "style.css").headers()).containsEntry("Content-Type", "text/css; charset=utf-8");
        ApiResponse page = assets.serve(get("/ui/", Map.of()), "index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers()).containsEntry("Content-Type", "text/html; charset=utf-8").containsKey("Content-Security-Policy");
        assertThat(page.bodyText()).contains("<script type=\"module\" src=\"app.js\">");
    }

    @Test
    void neverBakesAKeyIntoThePage() {
        for (String name : assets.assets().keySet()) {
            String text = new String(assets.assets().get(name).bytes(), StandardCharsets.UTF_8);
            assertThat(text).as(name).doesNotContainIgnoringCase("test-key").doesNotContain("FLOWPROOF_API_KEY");
        }
    }

    @Test
    void answersARevalidationWith304() {
        String etag = assets.serve(get("/ui/app.js", Map.of()), "app.js").headers().get("ETag");
        ApiResponse again = assets.serve(get("/ui/app.js", Map.of("If-None-Match", etag)), "app.js");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(assets.serve(get("/ui/app.js", Map.of("If-None-Match", "\"other\"")), "app.js").status()).isEqualTo(200);
    }

    @Test
    void answersUnknownFilesWith404() {
        assertThat(assets.serve(get("/ui/nope.js", Map.of()), "nope.js").status()).isEqualTo(404);
        assertThat(assets.serve(get("/ui/..", Map.of()), "..").status()).isEqualTo(404);
        assertThat(assets.serve(get("/ui/assets.txt", Map.of()), "assets.txt").status()).isEqualTo(404);
    }
}
