package io.flowproof.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Talks to the backend with the JDK HTTP client: the one-off {@code GET /v1/status} check and
 * {@code POST /v1/events-batch} with retries.
 *
 * <p>Retry policy, declared by {@link FlowproofSettings}: a connection error, a timeout, 408, 429 or any 5xx is
 * retried up to {@code maxRetries} times after {@code initialBackoff * 2^n} (capped at {@code maxBackoff}, ±25 %
 * jitter so that many instances do not retry in step). Flowproof answers 5xx only when nothing was stored, so a retry
 * cannot duplicate events there (the original backend could, see contract/http-api.md). Any other status is final:
 * 401/403 (missing or wrong key) and 4xx (the backend refuses the body) drop the batch without retrying.
 */
final class BatchSender {

    enum Outcome { SENT, REJECTED, FAILED }

    /** Result of the status check: {@code null} problem means the backend answered exactly 200. */
    record StatusCheck(String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private static final String USER_AGENT = "flowproof-java-sdk/" + version();

    private final FlowproofSettings settings;
    private final HttpClient http;
    private final URI batchUri;
    private final URI statusUri;
    private final SdkLog log;
    private final LongAdder retries;

    BatchSender(FlowproofSettings settings, SdkLog log, LongAdder retries) {
        this.settings = settings;
        this.log = log;
        this.retries = retries;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http backends
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.batchUri = URI.create(settings.url() + "/v1/events-batch");
        this.statusUri = URI.create(settings.url() + "/v1/status");
    }

    /** {@code GET /v1/status}; like the Python SDK, only exactly 200 counts as reachable with a valid key. */
    StatusCheck checkStatus() {
        HttpRequest request = HttpRequest.newBuilder(statusUri)
                .timeout(settings.statusCheckTimeout())
                .header("X-Api-Key", settings.apiKey())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return switch (status) {
                case 200 -> new StatusCheck(null);
                case 401 -> new StatusCheck("the backend wants an API key (401)");
                case 403 -> new StatusCheck("the backend refused the API key (403)");
                default -> new StatusCheck("GET " + statusUri + " answered " + status);
            };
        } catch (IOException e) {
            return new StatusCheck("the backend at " + settings.url() + " is unreachable (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StatusCheck("interrupted during the status check");
        }
    }

    /**
     * Sends one batch, retrying transient failures. {@code deadlineNanos} ({@link System#nanoTime()} based) bounds
     * request timeouts and backoff sleeps, so a shutdown never waits longer than it was given.
     */
    Outcome send(byte[] body, int events, LongSupplier deadlineNanos) {
        for (int attempt = 0; ; attempt++) {
            Duration timeout = boundedTimeout(deadlineNanos.getAsLong());
            if (timeout == null) {
                log.warnOnce("batch-deadline", "Dropped a batch of " + events + " events: out of time (shutdown)");
                return Outcome.FAILED;
            }
            String transientProblem;
            try {
                HttpResponse<String> response = http.send(request(body, timeout), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return Outcome.SENT;
                }
                if (status == 401 || status == 403) {
                    log.warnOnce("batch-" + status, "Dropped a batch of " + events + " events: the backend answered "
                            + status + (status == 401 ? " (API key missing)" : " (API key refused)") + "; not retried");
                    return Outcome.REJECTED;
                }
                if (status != 408 && status != 429 && status < 500) {
                    log.warnOnce("batch-" + status, "Dropped a batch of " + events + " events: the backend answered "
                            + status + " " + abbreviate(response.body()) + "; not retried");
                    return Outcome.REJECTED;
                }
                transientProblem = "HTTP " + status + " " + abbreviate(response.body());
            } catch (IOException e) {
                transientProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warnOnce("batch-interrupted", "Dropped a batch of " + events + " events: sender interrupted");
                return Outcome.FAILED;
            }
            if (attempt >= settings.maxRetries()) {
                log.warnOnce("batch-failed", "Dropped a batch of " + events + " events after " + (attempt + 1)
                        + " attempts: " + transientProblem);
                return Outcome.FAILED;
            }
            long delay = backoffNanos(attempt);
            if (System.nanoTime() + delay - deadlineNanos.getAsLong() > 0) {
                log.warnOnce("batch-deadline", "Dropped a batch of " + events + " events: out of time (shutdown) after "
                        + transientProblem);
                return Outcome.FAILED;
            }
            log.debug("Retrying a batch in " + delay / 1_000_000 + " ms after " + transientProblem);
            retries.increment();
            if (!sleep(delay, deadlineNanos)) {
                return Outcome.FAILED;
            }
        }
    }

    private HttpRequest request(byte[] body, Duration timeout) {
        return HttpRequest.newBuilder(batchUri)
                .timeout(timeout)
                .header("X-Api-Key", settings.apiKey())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** The request timeout, shortened to the deadline; {@code null} when the deadline has passed. */
    private Duration boundedTimeout(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        long configured = settings.requestTimeout().toNanos();
        return Duration.ofNanos(Math.max(1_000_000, Math.min(configured, left)));
    }

    long backoffNanos(int attempt) {
        long initial = settings.initialBackoff().toNanos();
        long max = settings.maxBackoff().toNanos();
        long base = attempt >= 62 ? max : Math.min(max, initial << Math.min(attempt, 30));
        if (base < 0) {
            base = max;
        }
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return (long) (base * jitter);
    }

    /** Sleeps, waking early (returning false) if the deadline moves before the wake-up or the thread is interrupted. */
    private static boolean sleep(long nanos, LongSupplier deadlineNanos) {
        long wakeAt = System.nanoTime() + nanos;
        while (true) {
            long left = wakeAt - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            if (Thread.currentThread().isInterrupted() || deadlineNanos.getAsLong() - wakeAt < 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
        }
    }

    private static String abbreviate(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    private static String version() {
        String v = BatchSender.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
