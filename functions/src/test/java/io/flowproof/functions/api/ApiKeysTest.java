package io.flowproof.functions.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key check: verdicts, rotation, and comparison time that does not depend on where a guess goes wrong. */
class ApiKeysTest {

    private static final String KEY = "fp_3a1f9c2d7e8b4a6c5d0e1f2a3b4c5d6e";

    @Test
    void acceptsOnlyTheExactKeyAndSaysWhetherOneWasGiven() {
        ApiKeys keys = new ApiKeys(List.of(KEY));
        assertThat(keys.check(KEY)).isEqualTo(ApiKeys.Verdict.OK);
        assertThat(keys.check("Bearer " + KEY)).isEqualTo(ApiKeys.Verdict.OK);
        assertThat(keys.check(null)).isEqualTo(ApiKeys.Verdict.MISSING);
        for (String wrong : List.of("", KEY.substring(1), KEY.substring(0, KEY.length() - 1), KEY + "x", KEY.toUpperCase(), " " + KEY,
                KEY.substring(0, 8), "Bearer", "bearer " + KEY)) {
            assertThat(keys.check(wrong)).as(wrong).isEqualTo(ApiKeys.Verdict.INVALID);
        }
    }

    @Test
    void acceptsEveryConfiguredKeyForRotationAndNeverAnEmptyOne() {
        ApiKeys keys = new ApiKeys(List.of("old-key", "", KEY));
        assertThat(keys.check("old-key")).isEqualTo(ApiKeys.Verdict.OK);
        assertThat(keys.check(KEY)).isEqualTo(ApiKeys.Verdict.OK);
        assertThat(keys.check("")).isEqualTo(ApiKeys.Verdict.INVALID);
        assertThat(new ApiKeys(List.of()).check("anything")).isEqualTo(ApiKeys.Verdict.INVALID);
    }

    /**
     * A guess wrong in its first character takes as long to reject as one wrong only in its last. With a 200,000-byte
     * key the comparison dominates the check, so a byte-by-byte comparison with an early exit would reject the first
     * hundreds of times sooner; the constant-time one keeps the ratio of the medians near 1 (the bounds leave room for
     * a loaded machine). Rounds alternate which guess goes first.
     */
    @Test
    void rejectsAGuessInTheSameTimeWhereverItIsWrong() {
        String key = "k".repeat(200_000);
        ApiKeys keys = new ApiKeys(List.of(key, "second-" + key));
        String wrongFirst = "X" + key.substring(1);
        String wrongLast = key.substring(0, key.length() - 1) + "X";
        int rounds = 21;
        long[] first = new long[rounds];
        long[] last = new long[rounds];
        for (int warmup = 0; warmup < 5; warmup++) {
            time(keys, wrongFirst);
            time(keys, wrongLast);
        }
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                first[round] = time(keys, wrongFirst);
                last[round] = time(keys, wrongLast);
            } else {
                last[round] = time(keys, wrongLast);
                first[round] = time(keys, wrongFirst);
            }
        }
        double ratio = (double) median(first) / median(last);
        assertThat(ratio).as("median time wrong-first / wrong-last").isBetween(0.7, 1.43);
    }

    /** The deterministic half of the check: the comparison is {@link java.security.MessageDigest#isEqual}, never an early-exit one. */
    @Test
    void comparesWithMessageDigestIsEqual() throws Exception {
        try (var in = ApiKeys.class.getResourceAsStream("ApiKeys.class")) {
            String bytecode = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(bytecode).contains("java/security/MessageDigest").contains("isEqual").doesNotContain("java/util/Arrays");
        }
    }

    private static long time(ApiKeys keys, String guess) {
        long started = System.nanoTime();
        int invalid = 0;
        for (int i = 0; i < 50; i++) {
            if (keys.check(guess) == ApiKeys.Verdict.INVALID) {
                invalid++;
            }
        }
        assertThat(invalid).isEqualTo(50);
        return System.nanoTime() - started;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
