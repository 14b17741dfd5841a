package io.flowproof.domain.ingest;

import io.flowproof.domain.DomainException;
import java.util.List;

/**
 * A client's idempotency key for one events batch ({@code Idempotency-Key} header) and the fingerprint of the
 * request it came with. A batch stored under a key is stored once: sending the same key with the same
 * fingerprint again replays the first answer; with another fingerprint it is refused.
 *
 * @param key         1–255 visible ASCII characters (space allowed inside), as the client chose it
 * @param fingerprint a digest of the request body, computed by the caller; equal bodies give equal fingerprints
 */
public record BatchKey(String key, String fingerprint) {

    public static final int MAX_LENGTH = 255;
    public static final List<Object> LOCATION = List.of("header", "Idempotency-Key");

    public BatchKey {
        if (key == null || key.isBlank()) {
            throw new DomainException.Invalid(LOCATION, "Idempotency-Key must not be empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new DomainException.Invalid(LOCATION, "Idempotency-Key must be at most " + MAX_LENGTH
                    + " characters, not " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new DomainException.Invalid(LOCATION, "Idempotency-Key may only contain visible ASCII "
                        + "characters and spaces");
            }
        }
        if (fingerprint == null || fingerprint.isEmpty()) {
            throw new IllegalArgumentException("a batch key needs the request's fingerprint");
        }
    }
}
