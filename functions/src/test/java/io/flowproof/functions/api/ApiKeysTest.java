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
     * A guess wrong in its first character takes as long to reject as one wrong only in its last (a byte-by-byte
     * comparison with an early exit would return sooner for the first): medians of many rounds, interleaved, within a
     * factor that timing noise stays inside but an early exit over 35 bytes does not.
     */
    @Test
    void rejectsAGuessInTheSameTimeWhereverItIsWrong() {
        ApiKeys keys = new ApiKeys(List.of(KEY, "second-" + KEY));
        String wrongFirst = "X" + KEY.substring(1);
        String wrongLast = KEY.substring(0, KEY.length() - 1) + "X";
        int rounds = 41;
        long[] first = new long[rounds];
        long[] last = new long[rounds];
        for (int warmup = 0; warmup < 3; warmup++) {
            time(keys, wrongFirst);
            time(keys, wrongLast);
        }
        for (int round = 0; round < rounds; round++) {
            first[round] = time(keys, wrongFirst);
            last[round] = time(keys, wrongLast);
        }
        double ratio = (double) median(first) / median(last);
        assertThat(ratio).as("median time wrong-first / wrong-last").isBetween(0.67, 1.5);
    }

    private static long time(ApiKeys keys, String guess) {
        long started = System.nanoTime();
        int invalid = 0;
        for (int i = 0; i < 20_000; i++) {
            if (keys.check(guess) == ApiKeys.Verdict.INVALID) {
                invalid++;
            }
        }
        assertThat(invalid).isEqualTo(20_000);
        return System.nanoTime() - started;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
