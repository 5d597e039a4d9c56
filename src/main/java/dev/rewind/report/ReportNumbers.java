package dev.rewind.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounds measured values for people: whole numbers above 100, two decimals above 1, four below. */
final class ReportNumbers {
    private ReportNumbers() {
    }

    /** A Long when the rounded value is whole (so YAML shows {@code 340}, not {@code 340.0}), else a Double. */
    static Number round(double v) {
        if (!Double.isFinite(v)) return v;
        double a = Math.abs(v);
        int scale = a >= 100 ? 0 : a >= 1 ? 2 : 4;
        double r = BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP).doubleValue();
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
