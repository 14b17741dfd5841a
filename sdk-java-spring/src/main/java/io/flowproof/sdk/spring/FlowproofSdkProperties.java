package io.flowproof.sdk.spring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowproof.sdk.*}: the SDK side (the Flowproof app itself uses {@code flowproof.api-key} etc. for its own
 * key). Unset {@code url} and {@code api-key} fall back to {@code FLOWPROOF_URL}/{@code BUSINESS_USE_URL} and
 * {@code FLOWPROOF_API_KEY}/{@code BUSINESS_USE_API_KEY}, then to {@code http://localhost:13370} for the URL.
 *
 * @param enabled            create the client at all (default true)
 * @param url                backend base URL
 * @param apiKey             API key sent as {@code X-Api-Key}
 * @param batchSize          events per request (default 100)
 * @param flushInterval      longest time an event waits before it is sent (default 5s)
 * @param maxQueueSize       queue bound, oldest dropped when full (default 0 = batch-size x 10)
 * @param requestTimeout     timeout of one events-batch request (default 10s)
 * @param maxRetries         retries of a batch after a transient failure (default 3)
 * @param statusCheckTimeout timeout of the one status check at start-up (default 5s); it delays context start-up
 *                           at most this long when the backend does not answer
 * @param shutdownTimeout    how long closing the context waits to send what is queued (default 5s)
 * @param registerGlobal     also make it the client behind the static {@code Flowproof.*} calls (default true)
 */
@ConfigurationProperties("flowproof.sdk")
public record FlowproofSdkProperties(
        @DefaultValue("true") boolean enabled,
        String url,
        String apiKey,
        @DefaultValue("100") int batchSize,
        @DefaultValue("5s") Duration flushInterval,
        @DefaultValue("0") int maxQueueSize,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("3") int maxRetries,
        @DefaultValue("5s") Duration statusCheckTimeout,
        @DefaultValue("5s") Duration shutdownTimeout,
        @DefaultValue("true") boolean registerGlobal) {

    @Override
    public String toString() { // never the key itself
        return "FlowproofSdkProperties[enabled=" + enabled + ", url=" + url + ", apiKey=" + (apiKey == null ? "<none>" : "<set>")
                + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval + "]";
    }
}
