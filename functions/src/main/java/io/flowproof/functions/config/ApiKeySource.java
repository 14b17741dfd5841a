package io.flowproof.functions.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where the API key comes from: configuration ({@code FLOWPROOF_API_KEY} / {@code BUSINESS_USE_API_KEY}),
 * or a key generated on first start and kept in {@code <data dir>/api-key} (readable by the owner only).
 */
public record ApiKeySource(String key, String origin) {

    @Override
    public String toString() {
        return "ApiKeySource[origin=" + origin + "]"; // never the key itself
    }

    static ApiKeySource resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return new ApiKeySource(configured.strip(), "configured (FLOWPROOF_API_KEY / BUSINESS_USE_API_KEY)");
        }
        if (dataDir == null) {
            throw new IllegalStateException("No API key: set FLOWPROOF_API_KEY (or BUSINESS_USE_API_KEY)");
        }
        Path file = dataDir.resolve("api-key");
        try {
            if (Files.exists(file)) {
                return new ApiKeySource(Files.readString(file, StandardCharsets.UTF_8).strip(), "generated, stored in " + file);
            }
            Files.createDirectories(dataDir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = "fp_" + HexFormat.of().formatHex(random);
            Path tmp = Files.createTempFile(dataDir, "api-key", ".tmp");
            Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new ApiKeySource(key, "generated on first start, stored in " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or store the generated API key in " + file, e);
        }
    }
}
