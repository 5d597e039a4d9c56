package dev.rewind.detect;

import dev.rewind.model.Detection;
import dev.rewind.model.Evidence;
import dev.rewind.model.TriggerEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** E-values and p-values as people read them: a decisive test's e-value is 3.2e14, not fifteen digits; its p is < 1e-9. */
class EvidenceTextTest {

    @ParameterizedTest(name = "e-value {0} reads {1}")
    @CsvSource({"1, 1", "0.84841, 0.8484", "3.6123, 3.612", "124, 124", "9999, 9999", "12345, 1.2e4", "99999, 1e5",
            "3.2e14, 3.2e14", "3.24999e14, 3.2e14", "1e20, 1e20", "5.67e300, 5.7e300", "Infinity, >1e308"})
    void eValues(double e, String text) {
        assertThat(Evidence.eText(e)).isEqualTo(text);
    }

    @ParameterizedTest(name = "ln e-value {0} reads {1}")
    @CsvSource({"0, 1", "1.5, 4.482", "32.1, 8.7e13", "1234.5, 1.4e536", "2.302585093, 10"})
    void eValuesPastADoublesRange(double logE, String text) {
        assertThat(Evidence.eTextOfLog(logE)).isEqualTo(text);
    }

    @ParameterizedTest(name = "p-value {0} reads {1}")
    @CsvSource({"1, 1", "0.6292, 0.629", "0.05, 0.05", "0.008068, 0.00807", "0.001, 0.001", "0.00041, 4.1e-4", "4.1e-7, 4.1e-7",
            "1e-9, 1e-9", "9.9e-10, <1e-9", "1e-30, <1e-9", "0, <1e-9"})
    void pValues(double p, String text) {
        assertThat(Evidence.pText(p)).isEqualTo(text);
    }

    @Test
    void aDecisiveFindingSaysSoInFewDigits() {
        // a canary failing 20 times as often as its control, at 1,000 requests a minute, watched for an hour
        TriggerEvaluation e = SequentialTrackerTest.watch(SequentialTrackerTest.errors(Detection.sequential(0.05, 0)),
                SequentialTrackerTest.canary(3, 1000, 0.5, 1, 0.01, 20, 60), 60);
        assertThat(e.firing()).isTrue();
        // follow the evidence on for the hour: past a double's range, it still reads as a power of ten
        TriggerTracker tracker = new TriggerTracker(e.trigger(), SequentialTrackerTest.baseline(), new TriggerEvaluator());
        TriggerEvaluation late = null;
        for (int m = 1; m <= 60; m++) late = tracker.evaluate(SequentialTrackerTest.canary(3, 1000, 0.5, 1, 0.01, 20, 60), SequentialTrackerTest.DEPLOY.plusSeconds(60L * m));
        assertThat(late.evidence().eValue()).isInfinite();
        assertThat(late.reason()).as(late.reason())
                .containsPattern("e-value \\d(\\.\\d)?e\\d+,")
                .contains("anytime p < 1e-9, below alpha 0.05")
                .doesNotContainPattern("\\d{7,}")
                .doesNotContain("E+").doesNotContain("e+");
        assertThat(e.reason()).as(e.reason()).containsPattern("e-value \\d(\\.\\d)?e\\d+, anytime p < 1e-9, below alpha 0.05;");
    }

    @Test
    void aHealthyVerdictKeepsItsPlainNumbers() {
        Evidence quiet = new Evidence(1.589, 0.6292, 0.05, 0, "baseline", 27, 5400, 34, 21600, "seconds",
                SequentialTrackerTest.DEPLOY, java.time.Duration.ofMinutes(90));
        assertThat(quiet.verdict()).isEqualTo("anytime p 0.629 > alpha 0.05");
        assertThat(Evidence.eText(quiet.eValue())).isEqualTo("1.589");
    }
}
