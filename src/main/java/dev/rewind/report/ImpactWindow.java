package dev.rewind.report;

import java.time.Duration;
import java.time.Instant;

/**
 * When users were hurt: from the first bad sample (or, without one, the deploy) until traffic was restored.
 *
 * @param basis {@code first_bad_sample} or {@code deploy}: which start was used, so the report can say so
 */
public record ImpactWindow(Instant start, Instant end, String basis) {
    public static final String FIRST_BAD_SAMPLE = "first_bad_sample";
    public static final String DEPLOY = "deploy";

    public long seconds() {
        return end == null || end.isBefore(start) ? 0 : Duration.between(start, end).toSeconds();
    }
}
