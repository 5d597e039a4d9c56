package dev.rewind.observe.trace;

/**
 * The plain numbers a trace is made of ({@code 1767571200}, {@code 0.523}, {@code -12.5}), parsed to exactly the
 * double {@link Double#parseDouble} gives, without it: reading a two-week trace called it 72,000 times, and in a
 * fresh JVM that was most of the read. Anything else (exponents, signs other than a leading minus, more than 15
 * digits, hex, NaN) is left to {@code Double.parseDouble}.
 */
final class PlainDecimal {
    /** {@link #wholeNumber} found no plain whole number. */
    static final long NONE = Long.MIN_VALUE;
    private static final int MAX_DIGITS = 15; // below 2^53: every such integer is an exact double
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

    private PlainDecimal() {
    }

    /** {@code -?digits}, at most 15 of them, as a long; {@link #NONE} otherwise. */
    static long wholeNumber(String text) {
        int i = text.startsWith("-") ? 1 : 0;
        int n = text.length() - i;
        if (n < 1 || n > MAX_DIGITS) return NONE;
        long v = 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return NONE;
            v = v * 10 + (c - '0');
        }
        return text.charAt(0) == '-' ? -v : v;
    }

    /**
     * {@code -?digits(.digits)?} with at most 15 digits in all, as a double; NaN otherwise. Digits and power of ten
     * are both exact doubles then, so one division rounds correctly, to the double nearest the decimal, which is
     * what {@code Double.parseDouble} returns too (Clinger's fast path).
     */
    static double parse(String text) {
        int i = 0, len = text.length();
        boolean negative = len > 0 && text.charAt(0) == '-';
        if (negative) i++;
        long digits = 0;
        int count = 0, fraction = -1; // fraction: digits after the point, -1 before it
        for (; i < len; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++count > MAX_DIGITS) return Double.NaN;
                digits = digits * 10 + (c - '0');
                if (fraction >= 0) fraction++;
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        // "-", ".", "1." and ".5" are left to parseDouble, which accepts some of them
        if (count == 0 || fraction == 0 || (fraction > 0 && text.charAt(negative ? 1 : 0) == '.')) return Double.NaN;
        double v = fraction > 0 ? digits / POWERS_OF_TEN[fraction] : digits;
        return negative ? -v : v;
    }
}
