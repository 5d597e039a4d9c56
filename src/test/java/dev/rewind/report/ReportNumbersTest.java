package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportNumbersTest {

    @ParameterizedTest(name = "{0} shows as {1}")
    @CsvSource({"340.4, 340", "183.5, 184", "5.234, 5.23", "5.0, 5", "0.025, 0.025", "0.00012345, 1.23E-4", "0, 0", "-12.345, -12.35"})
    void roundsForPeopleWithoutLosingSmallRates(double value, String shown) {
        assertThat(ReportNumbers.round(value).toString()).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0}% shows as {1}")
    @CsvSource({"183.33, +183%", "4.26, +4.3%", "-50.0, -50%", "0.0, +0%"})
    void percentagesAreSignedAndRounded(double value, String shown) {
        assertThat(ReportNumbers.signedPercent(value)).isEqualTo(shown);
    }
}
