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

    /** The verdict for people: "anytime p 0.0081 <= alpha 0.05", "anytime p < 1e-9, below alpha 0.05", "anytime p 0.31 > alpha 0.05". */
    public String verdict() {
        return verdict(rejected());
    }

    /** The verdict as the test reached it ({@code rejected}: the evidence crossed 1/alpha), so rounding never contradicts it. */
    public String verdict(boolean rejected) {
        String a = plain(alpha, 3);
        if (rejected && pValue < TINY_P) return "anytime p < 1e-9, below alpha " + a;
        return "anytime p " + pText(pValue) + (rejected ? " <= " : " > ") + "alpha " + a;
    }

    private static final double TINY_P = 1e-9;

    /**
     * An e-value for people: four significant digits below 10,000 ({@code 124}, {@code 3.61}), then a short mantissa
     * and exponent ({@code 3.2e14}): a decisive test's e-value has dozens of digits nobody reads.
     */
    public static String eText(double e) {
        if (Double.isNaN(e)) return "NaN";
        if (Double.isInfinite(e)) return e > 0 ? ">1e308" : "-inf";
        if (Math.abs(e) < 1e4) return plain(e, 4);
        return scientific(e);
    }

    /** {@link #eText} of exp({@code logE}), also past a double's range (a test that ran on decisive data for hours: 2.1e536). */
    public static String eTextOfLog(double logE) {
        if (Double.isNaN(logE)) return "NaN";
        if (logE < Math.log(1e4)) return eText(Math.exp(logE));
        if (Double.isInfinite(logE)) return ">1e308";
        double log10 = logE / Math.log(10);
        long exponent = (long) Math.floor(log10);
        double mantissa = Math.round(Math.pow(10, log10 - exponent) * 10) / 10.0;
        if (mantissa >= 10) {
            mantissa /= 10;
            exponent++;
        }
        String m = mantissa == Math.rint(mantissa) ? String.valueOf((long) mantissa) : String.valueOf(mantissa);
        return m + "e" + exponent;
    }

    /** A p-value for people: three significant digits down to 0.001, then {@code 4.1e-7}, and {@code <1e-9} below that. */
    public static String pText(double p) {
        if (Double.isNaN(p)) return "NaN";
        if (p < TINY_P) return "<1e-9";
        if (p >= 0.001) return plain(p, 3);
        return scientific(p);
    }

    private static String plain(double v, int digits) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    /** Two significant digits and a power of ten, without the plus sign or a trailing ".0": 3.2e14, 1e-7. */
    private static String scientific(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.1e", v); // "3.2e+14", "4.1e-07"
        int at = s.indexOf('e');
        String mantissa = s.substring(0, at);
        if (mantissa.endsWith(".0")) mantissa = mantissa.substring(0, mantissa.length() - 2);
        int exponent = Integer.parseInt(s.substring(at + 1));
        return mantissa + "e" + exponent;
    }
}
