package dev.rewind.config;

import java.math.BigDecimal;

/**
 * The closed range a number written in a config must fall in, in the unit the config writes it. Every number
 * a user gives is finite and bounded: NaN, infinities and absurd magnitudes (a window of 1e12 minutes, 2^40
 * attempts) are refused when the file loads, with the range in the message, instead of reaching the engine.
 *
 * @param unit "seconds", "minutes", "percent", or null for a plain number
 */
public record Bound(double min, double max, String unit, boolean whole) {
    public Bound {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) throw new IllegalArgumentException("bad bound " + min + ".." + max);
    }

    public static Bound of(double min, double max) {
        return new Bound(min, max, null, false);
    }

    public static Bound seconds(double min, double max) {
        return new Bound(min, max, "seconds", false);
    }

    public static Bound minutes(double min, double max) {
        return new Bound(min, max, "minutes", false);
    }

    public static Bound percent(double min, double max) {
        return new Bound(min, max, "percent", false);
    }

    public static Bound whole(long min, long max) {
        return new Bound(min, max, null, true);
    }

    public boolean contains(double v) {
        return v >= min && v <= max && (!whole || v == Math.rint(v));
    }

    /** "a number of seconds from 0.1 to 3600", "a whole number from 1 to 10". */
    public String describe() {
        String what = whole ? "a whole number" : unit == null ? "a number" : "a number of " + unit;
        return what + " from " + format(min) + " to " + format(max);
    }

    /** 0.1, 3600, -1e12: short, exact, and without a trailing ".0". */
    public static String format(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        // 1e12 rather than 1000000000000; 0.000001 and 3600 as written
        if (d.scale() < -6 || d.scale() > 12) return d.toString().replace("E+", "e").replace("E", "e");
        return d.toPlainString();
    }
}
