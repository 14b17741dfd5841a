package io.flowproof.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonNumbersTest {

    @ParameterizedTest
    @CsvSource({
        "1500.0, 1500.0", "1.234567, 1.234567", "-5.0, -5.0", "7000.0, 7000.0", "10000000.0, 10000000.0",
        "0.5, 0.5", "1e16, 1e+16", "1.5e16, 1.5e+16", "0.0001, 0.0001", "0.00001, 1e-05", "-0.00002, -2e-05",
        "123456789.125, 123456789.125", "0.0, 0.0"
    })
    void formatsFloatsLikePythonRepr(double value, String expected) {
        assertThat(PythonNumbers.floatRepr(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0", "1.5, 2", "2.5, 2", "1000.4, 1000", "8999.6, 9000"})
    void roundsHalfToEvenLikePythonFormat(double value, String expected) {
        assertThat(PythonNumbers.roundHalfEven(value)).isEqualTo(expected);
    }
}
