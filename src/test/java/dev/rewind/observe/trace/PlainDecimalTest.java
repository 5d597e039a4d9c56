package dev.rewind.observe.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PlainDecimalTest {

    /** Numbers a trace writes, and near misses: leading zeros, signs, long fractions, a point at either end. */
    static String randomNumber(Random r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(4) == 0) sb.append('-');
        int whole = r.nextInt(12), fraction = r.nextInt(3) == 0 ? 0 : r.nextInt(12);
        for (int i = 0; i < whole; i++) sb.append((char) ('0' + r.nextInt(10)));
        if (fraction > 0 || r.nextInt(10) == 0) sb.append('.');
        for (int i = 0; i < fraction; i++) sb.append((char) ('0' + r.nextInt(10)));
        if (r.nextInt(30) == 0) sb.append("e").append(r.nextInt(20));
        return sb.toString();
    }

    @Test
    void givesExactlyWhatParseDoubleGivesOrLeavesItToParseDouble() {
        Random r = new Random(42);
        int handled = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = randomNumber(r);
            double fast = PlainDecimal.parse(text);
            if (Double.isNaN(fast)) continue;
            handled++;
            assertThat(Double.doubleToRawLongBits(fast)).as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
        assertThat(handled).as("numbers the fast path took").isGreaterThan(100_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.523", "280.125", "-0.0", "45", "0", "1767571200", "999999999999999", "0.00000000000001"})
    void readsWhatATraceWrites(String text) {
        assertThat(Double.doubleToRawLongBits(PlainDecimal.parse(text))).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".", "1.", ".5", "-.5", "1e5", "+1", "1,5", " 1", "NaN", "Infinity", "0x1p3", "1.5d",
            "1234567890123456", "0.1234567890123456", "1..2"})
    void leavesEverythingElseToParseDouble(String text) {
        assertThat(PlainDecimal.parse(text)).isNaN();
    }

    @Test
    void wholeNumbersAreTheirLongValueAndOthersAreNone() {
        assertThat(PlainDecimal.wholeNumber("1767571200")).isEqualTo(1_767_571_200L);
        assertThat(PlainDecimal.wholeNumber("-86400")).isEqualTo(-86_400L);
        assertThat(PlainDecimal.wholeNumber("-0")).isZero();
        for (String other : new String[] {"", "-", "1.5", "1e3", "+5", "1234567890123456", "12a"}) {
            assertThat(PlainDecimal.wholeNumber(other)).as(other).isEqualTo(PlainDecimal.NONE);
        }
    }
}
