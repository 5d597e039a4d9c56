package dev.rewind.report;

import java.util.Locale;

/** SVG text bits: fixed-precision numbers (so output is byte-for-byte stable) and escaped text. */
public final class Svg {
    private Svg() {
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String text(double x, double y, String anchor, String attrs, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" + (attrs.isEmpty() ? "" : " " + attrs)
                + ">" + escape(content) + "</text>\n";
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
