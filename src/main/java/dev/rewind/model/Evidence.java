package dev.rewind.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a sequential test had when it judged: its statistic, the counts behind it, and how long it took.
 *
 * @param eValue            the test's e-value now: the evidence against "no worse than the reference" (1: none)
 * @param pValue            the anytime-valid p-value: at most this chance that a release no worse than its
 *                          reference would have shown this much evidence at any check so far
 * @param alpha             the level it rolls back at: when {@code pValue <= alpha}
 * @param tolerance         the relative worsening it accepts (H0: new / reference <= 1 + tolerance)
 * @param reference         {@code baseline} (the previous release before the deploy) or {@code control} (the previous
 *                          release over the same time, as in a canary)
 * @param events            the new release's events since the deploy (errors, slow requests)
 * @param exposure          what they are counted against: requests, or seconds
 * @param referenceEvents   the reference's events
 * @param referenceExposure the reference's requests (or seconds)
 * @param exposureUnit      {@code requests} or {@code seconds}
 * @param since             the deploy: where the test started
 * @param elapsed           from the deploy to this judgement (to the decision, when it fired)
 */
public record Evidence(double eValue, double pValue, double alpha, double tolerance, String reference,
                       double events, double exposure, double referenceEvents, double referenceExposure, String exposureUnit,
                       Instant since, Duration elapsed) {

    public Evidence {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(exposureUnit, "exposureUnit");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean rejected() {
        return pValue <= alpha;
    }
}
