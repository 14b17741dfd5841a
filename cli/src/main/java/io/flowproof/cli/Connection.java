package io.flowproof.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the server is and which API key to send, with a note of where the key came from (for 401/403 messages).
 *
 * <p>URL: {@code --url}, {@code FLOWPROOF_URL}, {@code BUSINESS_USE_URL}, else {@code http://localhost:13370}.
 * Key: {@code --api-key}, {@code FLOWPROOF_API_KEY}, {@code BUSINESS_USE_API_KEY}, else the key the local app
 * generated: {@code $FLOWPROOF_DATA_DIR/api-key} when that variable is set, otherwise {@code ~/.flowproof/api-key}.
 */
record Connection(String url, String apiKey, String keySource) {

    static final String DEFAULT_URL = "http://localhost:13370";

    static Connection resolve(String urlOption, String keyOption, CliEnv env) {
        String url = firstNonBlank(urlOption, env.get("FLOWPROOF_URL"), env.get("BUSINESS_USE_URL"), DEFAULT_URL);
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (keyOption != null && !keyOption.isBlank()) {
            return new Connection(url, keyOption.strip(), "--api-key");
        }
        for (String name : new String[] {"FLOWPROOF_API_KEY", "BUSINESS_USE_API_KEY"}) {
            if (env.get(name) != null) {
                return new Connection(url, env.get(name), "the environment variable " + name);
            }
        }
        String dataDir = env.get("FLOWPROOF_DATA_DIR");
        Path file = dataDir != null ? Path.of(dataDir).resolve("api-key") : env.home().resolve(".flowproof").resolve("api-key");
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!key.isEmpty()) {
                return new Connection(url, key, "the file " + file);
            }
        } catch (IOException e) {
            // no local key file: the request goes without a key and the 401 message explains the options
        }
        return new Connection(url, null, "nowhere (no --api-key, FLOWPROOF_API_KEY, BUSINESS_USE_API_KEY or " + file + ")");
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
