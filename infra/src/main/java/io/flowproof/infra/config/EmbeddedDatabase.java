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
        postgres.awaitOwnerAtExit(java.time.Duration.ofSeconds(30));
        application.addListeners(new ReleaseOnClose(dataDirectory));
        return postgres.settings();
    }

    /**
     * Releases the cluster once: as the very last step of closing this application's own context (a disposable
     * registered before any bean exists is destroyed after all of them, i.e. after the web server's graceful
     * shutdown, the workers' last passes and the connection pool), or when its start fails.
     */
    static final class ReleaseOnClose implements ApplicationListener<ApplicationEvent> {

        private final Path dataDirectory;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile ApplicationContext context;
        private volatile boolean releaseWhenClosed;

        ReleaseOnClose(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ApplicationPreparedEvent prepared && context == null) {
                context = prepared.getApplicationContext();
                if (prepared.getApplicationContext().getBeanFactory()
                        instanceof org.springframework.beans.factory.support.DefaultListableBeanFactory beans) {
                    beans.registerDisposableBean("flowproofEmbeddedPostgresRelease", this::release);
                } else {
                    releaseWhenClosed = true; // no ordered destruction available: fall back to the close event
                }
            } else if (releaseWhenClosed && event instanceof org.springframework.context.event.ContextClosedEvent closed
                    && closed.getApplicationContext() == context) {
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
