package dev.rewind.report;

import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Evidence;
import dev.rewind.model.Finding;
import dev.rewind.model.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A report says what a decisive sequential test found in a few digits, not the e-value's fifteen. */
class SequentialTextTest {
    static final Instant DEPLOY = Instant.parse("2026-03-02T12:00:00Z");

    static Finding finding(double e, double p) {
        Evidence ev = new Evidence(e, p, 0.05, 0, "baseline", 412, 20_600, 31, 153_000, "requests", DEPLOY, Duration.ofSeconds(94));
        return new Finding("error_rate", "error_rate", Severity.CRITICAL, AutomationLevel.FULL, 2e-5, 0.02, 2e-5, DEPLOY.plusSeconds(94), "test", ev);
    }

    @Test
    void hugeEvidenceReadsAsAPowerOfTen() {
        String s = SequentialText.summary(finding(3.2e14, 3.1e-16));
        assertThat(s).startsWith("anytime p < 1e-9, below alpha 0.05, e-value 3.2e14; 412 events in 20600 requests")
                .doesNotContainPattern("\\d{7,}").doesNotContain("E-").doesNotContain("E1");
    }

    @Test
    void ordinaryEvidenceReadsAsBefore() {
        assertThat(SequentialText.summary(finding(250, 0.004))).startsWith("anytime p 0.004 <= alpha 0.05, e-value 250;");
        assertThat(SequentialText.summary(finding(2.1e6, 4.8e-7))).startsWith("anytime p 4.8e-7 <= alpha 0.05, e-value 2.1e6;");
    }
}
