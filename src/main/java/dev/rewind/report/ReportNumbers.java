package dev.rewind.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Rounds measured values for people: whole numbers above 100, two decimals above 1, three significant digits below. */
final class ReportNumbers {
    private ReportNumbers() {
    }

    /** A Long when the rounded value is whole (so YAML shows {@code 340}, not {@code 340.0}), else a Double. */
    static Number round(double v) {
        if (!Double.isFinite(v)) return v;
        double a = Math.abs(v);
        // Below 1, keep three significant digits: an error rate of 0.00012 must not round to zero.
        double r = a >= 1 || a == 0
                ? BigDecimal.valueOf(v).setScale(a >= 100 ? 0 : 2, RoundingMode.HALF_UP).doubleValue()
                : BigDecimal.valueOf(v).round(new MathContext(3, RoundingMode.HALF_UP)).doubleValue();
        return r == Math.rint(r) && Math.abs(r) < 1e15 ? (Number) (long) r : (Number) r;
    }

    /** Percent deltas: whole numbers, one decimal below 10. */
    static Number roundPercent(double v) {
        if (!Double.isFinite(v)) return v;
        double r = Math.abs(v) >= 10 ? Math.rint(v) : BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).doubleValue();
        return r == Math.rint(r) ? (Number) (long) r : (Number) r;
    }

    static String text(double v) {
        return round(v).toString();
    }

    static String signedPercent(double v) {
        Number n = roundPercent(v);
        return (v >= 0 ? "+" : "") + n + "%";
    }
}
