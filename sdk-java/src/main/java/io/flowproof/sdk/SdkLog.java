package io.flowproof.sdk;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK's logging, through {@link System.Logger} (JUL by default; the application's logging framework when it
 * bridges JUL or provides a {@code System.LoggerFinder}), so the SDK forces no logging library on its users.
 * Logger name {@code io.flowproof.sdk}.
 *
 * <p>Problems that can repeat on every call (bad input, a backend that rejects batches) are logged at WARNING the
 * first time for each kind and at DEBUG afterwards, so a bug in a hot path cannot flood the log; the counters in
 * {@link FlowproofStats} keep the totals.
 */
final class SdkLog {

    static final String LOGGER_NAME = "io.flowproof.sdk";

    private final System.Logger logger = System.getLogger(LOGGER_NAME);
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    void warnOnce(String kind, String message) {
        if (warned.add(kind)) {
            logger.log(Level.WARNING, message + " (logged once; later occurrences at DEBUG, see FlowproofStats)");
        } else if (logger.isLoggable(Level.DEBUG)) {
            logger.log(Level.DEBUG, message);
        }
    }

    void warn(String message) {
        logger.log(Level.WARNING, message);
    }

    void info(String message) {
        logger.log(Level.INFO, message);
    }

    void debug(String message) {
        if (logger.isLoggable(Level.DEBUG)) {
            logger.log(Level.DEBUG, message);
        }
    }
}
