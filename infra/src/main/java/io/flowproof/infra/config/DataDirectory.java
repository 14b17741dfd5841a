package io.flowproof.infra.config;

import java.nio.file.Path;

/**
 * The local data directory ({@code FLOWPROOF_DATA_DIR}): always absolute, because the working directory differs
 * between {@code mvn spring-boot:run} and {@code java -jar}. Default {@code ~/.flowproof}; a leading {@code ~} is
 * the user's home; a relative path is refused rather than resolved against whatever the working directory is.
 */
final class DataDirectory {

    static final String DEFAULT_NAME = ".flowproof";

    private DataDirectory() {
    }

    static Path resolve(String configured) {
        Path home = Path.of(System.getProperty("user.home"));
        if (configured == null || configured.isBlank()) {
            return home.resolve(DEFAULT_NAME).toAbsolutePath().normalize();
        }
        String value = configured.strip();
        if (value.equals("~")) {
            return home.toAbsolutePath().normalize();
        }
        if (value.startsWith("~/")) {
            return home.resolve(value.substring(2)).toAbsolutePath().normalize();
        }
        Path path = Path.of(value);
        if (!path.isAbsolute()) {
            throw new IllegalStateException(DatabaseEnvironmentPostProcessor.DATA_DIR + " (FLOWPROOF_DATA_DIR) must "
                    + "be an absolute path or start with ~/, not '" + value + "'");
        }
        return path.normalize();
    }
}
