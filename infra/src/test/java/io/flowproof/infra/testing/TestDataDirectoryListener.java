package io.flowproof.infra.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Registered through {@code META-INF/services} in infra's test-jar, so every test JVM that has it on the
 * classpath points {@code flowproof.data-dir} at a temporary directory before the first test runs: a Spring Boot
 * test that forgets {@link PostgresExtension} starts its embedded Postgres there, never in the developer's
 * {@code ~/.flowproof}. An explicit {@code -Dflowproof.data-dir} is left alone.
 */
public final class TestDataDirectoryListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestDataDirectory.applyAsSystemPropertyIfUnset();
    }
}
