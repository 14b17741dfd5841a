package io.flowproof.functions.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks the {@code X-Api-Key} header (any case). A value starting with {@code "Bearer "} uses the text
 * after the last {@code "Bearer "}. Keys are compared in constant time; several keys may be configured
 * (for rotation). {@code Authorization} is not accepted, as in the original.
 */
public final class ApiKeys {

    /** The outcome of a check. */
    public enum Verdict { OK, MISSING, INVALID }

    private static final String BEARER = "Bearer ";

    private final List<byte[]> keys;

    public ApiKeys(List<String> keys) {
        this.keys = keys.stream().filter(k -> k != null && !k.isEmpty()).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public Verdict check(String headerValue) {
        if (headerValue == null) {
            return Verdict.MISSING;
        }
        String key = headerValue;
        if (key.startsWith(BEARER)) {
            key = key.substring(key.lastIndexOf(BEARER) + BEARER.length());
        }
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] expected : keys) {
            match |= MessageDigest.isEqual(expected, given); // no early exit: constant time over all keys
        }
        return match ? Verdict.OK : Verdict.INVALID;
    }
}
