package io.flowproof.sdk;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;

/**
 * How a {@link FlowproofClient} connects and batches. Build with {@link #builder()} or take everything from the
 * environment with {@link #fromEnvironment()}.
 *
 * <p>Unset API key and URL come from the environment: {@code FLOWPROOF_API_KEY}, else {@code BUSINESS_USE_API_KEY};
 * {@code FLOWPROOF_URL}, else {@code BUSINESS_USE_URL}, else {@code http://localhost:13370}. Values set on the builder
 * win. Like the rest of the SDK, {@link Builder#build()} never throws: an out-of-range number is replaced by its
 * default, with a warning.
 */
public final class FlowproofSettings {

    /** The backend URL the SDKs and the app default to. */
    public static final String DEFAULT_URL = "http://localhost:13370";

    private final String url;
    private final String apiKey;
    private final int batchSize;
    private final Duration flushInterval;
    private final int maxQueueSize;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Duration statusCheckTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration shutdownTimeout;
    private final boolean shutdownHook;
    private final Clock clock;
    private final JsonMapper jsonMapper;

    private FlowproofSettings(Builder b, String url, String apiKey) {
        this.url = url;
        this.apiKey = apiKey;
        this.batchSize = b.batchSize;
        this.flushInterval = b.flushInterval;
        this.maxQueueSize = b.maxQueueSize;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.statusCheckTimeout = b.statusCheckTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.shutdownTimeout = b.shutdownTimeout;
        this.shutdownHook = b.shutdownHook;
        this.clock = b.clock;
        this.jsonMapper = b.jsonMapper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every value from the environment or its default. */
    public static FlowproofSettings fromEnvironment() {
        return builder().build();
    }

    /** Backend base URL, without a trailing slash. */
    public String url() {
        return url;
    }

    /** The API key, or {@code null} when none was given (the client then stays a no-op). */
    public String apiKey() {
        return apiKey;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration flushInterval() {
        return flushInterval;
    }

    public int maxQueueSize() {
        return maxQueueSize;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration statusCheckTimeout() {
        return statusCheckTimeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public boolean shutdownHook() {
        return shutdownHook;
    }

    public Clock clock() {
        return clock;
    }

    public JsonMapper jsonMapper() {
        return jsonMapper;
    }

    @Override
    public String toString() { // never the key itself
        return "FlowproofSettings[url=" + url + ", apiKey=" + (apiKey == null ? "<none>" : "<set>")
                + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval + ", maxQueueSize=" + maxQueueSize
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + "]";
    }

    /** Builder; every setter accepts anything and {@link #build()} sorts it out. */
    public static final class Builder {

        private static final SdkLog LOG = new SdkLog();

        private String url;
        private String apiKey;
        private int batchSize = 100;
        private Duration flushInterval = Duration.ofSeconds(5);
        private int maxQueueSize; // 0 = batchSize * 10, as the Python SDK
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration statusCheckTimeout = Duration.ofSeconds(5);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private boolean shutdownHook = true;
        private Clock clock = Clock.systemUTC();
        private JsonMapper jsonMapper;
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        /** Backend URL; default from {@code FLOWPROOF_URL} / {@code BUSINESS_USE_URL}, else {@value #DEFAULT_URL}. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** API key; default from {@code FLOWPROOF_API_KEY} / {@code BUSINESS_USE_API_KEY}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Events per request, and the queue size that wakes the sender early (default 100). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Longest time an event waits in the queue before it is sent (default 5 s). */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        /** Queue bound; when full the oldest event is dropped (default {@code batchSize * 10}). */
        public Builder maxQueueSize(int maxQueueSize) {
            this.maxQueueSize = maxQueueSize;
            return this;
        }

        /** Timeout of one events-batch request (default 10 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** TCP connect timeout (default 5 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Timeout of the {@code GET /v1/status} check done once at start (default 5 s). */
        public Builder statusCheckTimeout(Duration statusCheckTimeout) {
            this.statusCheckTimeout = statusCheckTimeout;
            return this;
        }

        /** Retries of a batch after a connection error, a timeout, 408, 429 or 5xx (default 3; 0 = no retry). */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** First retry delay; doubled per retry up to {@link #maxBackoff}, with ±25 % jitter (default 500 ms). */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** Longest retry delay (default 10 s). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** How long the JVM shutdown hook and {@code close()} wait to flush (default 5 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** Whether to flush on JVM exit through a shutdown hook (default true; Spring turns it off and closes instead). */
        public Builder shutdownHook(boolean shutdownHook) {
            this.shutdownHook = shutdownHook;
            return this;
        }

        /** The clock that stamps events ({@code ts}, nanoseconds since the epoch); default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The Jackson 3 mapper that serialises {@code data} and {@code additionalMeta}; default a plain {@code JsonMapper}. */
        public Builder jsonMapper(JsonMapper jsonMapper) {
            this.jsonMapper = jsonMapper;
            return this;
        }

        /** Where unset values are looked up (default {@link System#getenv(String)}); for tests and embedding. */
        public Builder environment(Function<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public FlowproofSettings build() {
            Function<String, String> env = environment == null ? name -> null : environment;
            String resolvedUrl = firstText(url, safeEnv(env, "FLOWPROOF_URL"), safeEnv(env, "BUSINESS_USE_URL"), DEFAULT_URL);
            resolvedUrl = stripTrailingSlashes(resolvedUrl.strip());
            String resolvedKey = firstText(apiKey, safeEnv(env, "FLOWPROOF_API_KEY"), safeEnv(env, "BUSINESS_USE_API_KEY"), null);
            batchSize = positive("batchSize", batchSize, 100);
            maxQueueSize = maxQueueSize == 0 ? saturatedTimesTen(batchSize) : positive("maxQueueSize", maxQueueSize, saturatedTimesTen(batchSize));
            flushInterval = positive("flushInterval", flushInterval, Duration.ofSeconds(5));
            requestTimeout = positive("requestTimeout", requestTimeout, Duration.ofSeconds(10));
            connectTimeout = positive("connectTimeout", connectTimeout, Duration.ofSeconds(5));
            statusCheckTimeout = positive("statusCheckTimeout", statusCheckTimeout, Duration.ofSeconds(5));
            maxRetries = maxRetries < 0 ? warnDefault("maxRetries", maxRetries, 3) : maxRetries;
            initialBackoff = positive("initialBackoff", initialBackoff, Duration.ofMillis(500));
            maxBackoff = positive("maxBackoff", maxBackoff, Duration.ofSeconds(10));
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                maxBackoff = initialBackoff;
            }
            shutdownTimeout = shutdownTimeout == null || shutdownTimeout.isNegative() ? Duration.ofSeconds(5) : shutdownTimeout;
            clock = clock == null ? Clock.systemUTC() : clock;
            jsonMapper = jsonMapper == null ? JsonMapper.builder().build() : jsonMapper;
            return new FlowproofSettings(this, resolvedUrl, resolvedKey);
        }

        private static String safeEnv(Function<String, String> env, String name) {
            try {
                return env.apply(name);
            } catch (RuntimeException e) { // SecurityException or a broken lookup: treat as unset
                return null;
            }
        }

        private static String firstText(String a, String b, String c, String fallback) {
            for (String value : new String[] {a, b, c}) {
                if (value != null && !value.isBlank()) {
                    return value.strip();
                }
            }
            return fallback;
        }

        private static String stripTrailingSlashes(String value) {
            String v = value;
            while (v.endsWith("/")) {
                v = v.substring(0, v.length() - 1);
            }
            return v;
        }

        private static int saturatedTimesTen(int value) {
            return value > Integer.MAX_VALUE / 10 ? Integer.MAX_VALUE : value * 10;
        }

        private static int positive(String name, int value, int fallback) {
            return value > 0 ? value : warnDefault(name, value, fallback);
        }

        private static Duration positive(String name, Duration value, Duration fallback) {
            if (value != null && !value.isNegative() && !value.isZero()) {
                return value;
            }
            LOG.warn("Flowproof SDK setting " + name + "=" + value + " is not positive; using " + fallback);
            return fallback;
        }

        private static <T> T warnDefault(String name, Object value, T fallback) {
            LOG.warn("Flowproof SDK setting " + name + "=" + value + " is out of range; using " + fallback);
            return fallback;
        }
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(Objects.requireNonNull(url));
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}
