package io.flowproof.infra.config;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import io.flowproof.infra.postgres.DatabaseSettings;
import io.flowproof.infra.postgres.LocalPostgres;
import io.flowproof.infra.postgres.LocalPostgresRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The embedded branch of {@link DatabaseEnvironmentPostProcessor}, kept in its own class so that nothing touches
 * zonky's classes unless zonky is on the classpath.
 */
final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    /** Starts or joins the shared cluster and hands it back when {@code application}'s context closes. */
    static DatabaseSettings acquire(Path dataDirectory, SpringApplication application) {
        LocalPostgres postgres = LocalPostgresRegistry.acquire(dataDirectory);
        application.addListeners(new ReleaseOnClose(dataDirectory));
        return postgres.settings();
    }

    /**
     * Releases the cluster once, when this application's own context closes or its start fails. Child contexts
     * (e.g. a separate management context) publish their ContextClosedEvent to the parent's listeners too, hence
     * the check against the context this application prepared.
     */
    static final class ReleaseOnClose implements ApplicationListener<ApplicationEvent> {

        private final Path dataDirectory;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile ApplicationContext context;

        ReleaseOnClose(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ApplicationPreparedEvent prepared && context == null) {
                context = prepared.getApplicationContext();
            } else if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                release();
            } else if (event instanceof ApplicationFailedEvent) {
                release();
            }
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                LocalPostgresRegistry.release(dataDirectory);
            }
        }
    }
}
