package dev.rewind.observe.trace;

import dev.rewind.model.BadInputException;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a metrics trace (DESIGN.md §3.3): CSV with the header {@code timestamp,metric,value}; timestamps in
 * ISO-8601 or epoch seconds (1970 to 2100; epoch milliseconds are refused with the fix); rows in any order; free
 * metric names. A bad row names file, line, column and text.
 */
public final class TraceReader {
    /** The first time a trace or a command-line time may name. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The end of the accepted years: later times are typos or another unit (epoch milliseconds), never a release. */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final long LATEST_SECOND = LATEST.getEpochSecond();
    private static final String[] COLUMNS = {"timestamp", "metric", "value"};

    public static Observations read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, null, "cannot read the trace: " + e.getMessage());
        }
    }

    public static Observations read(String file, Reader reader) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Map<String, List<Sample>> samples = new HashMap<>();
        try {
            String header = in.readLine();
            if (header == null) throw new BadInputException(file, 1, null, "the trace is empty; expected the header 'timestamp,metric,value'");
            checkHeader(file, header.startsWith("\uFEFF") ? header.substring(1) : header);
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                readRow(file, lineNo, line, samples);
            }
        } catch (IOException e) {
            throw new BadInputException(file, 0, null, "cannot read the trace: " + e.getMessage());
        }
        if (samples.isEmpty()) throw new BadInputException(file, 1, null, "the trace has a header but no rows");
        Map<String, MetricSeries> series = new HashMap<>();
        samples.forEach((metric, list) -> series.put(metric, new MetricSeries(metric, list)));
        return new Observations(series);
    }

    private static void checkHeader(String file, String header) {
        String[] cells = header.split(",", -1);
        boolean ok = cells.length == 3;
        for (int i = 0; ok && i < 3; i++) ok = unquote(cells[i]).equalsIgnoreCase(COLUMNS[i]);
        if (!ok) throw new BadInputException(file, 1, "header", "expected the header 'timestamp,metric,value', found '" + header + "'");
    }

    private static void readRow(String file, int line, String text, Map<String, List<Sample>> samples) {
        int c1 = text.indexOf(',');
        int c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
        if (c2 < 0 || text.indexOf(',', c2 + 1) >= 0) {
            int found = text.split(",", -1).length;
            throw new BadInputException(file, line, null, "expected 3 columns (timestamp,metric,value), found " + found + " in '" + text + "'");
        }
        Instant at = timestamp(file, line, unquote(text.substring(0, c1)));
        String metric = unquote(text.substring(c1 + 1, c2));
        if (metric.isEmpty()) throw new BadInputException(file, line, "column 2 (metric)", "expected a metric name, found an empty cell");
        double value = value(file, line, unquote(text.substring(c2 + 1)));
        samples.computeIfAbsent(MetricNames.canonical(metric), k -> new ArrayList<>()).add(new Sample(at, value));
    }

    /** A time given on the command line ({@code --deployed-at}), in the trace's formats; a bad one names the option. */
    public static Instant parseTime(String option, String text) {
        String stripped = text == null ? "" : text.strip();
        Instant at = instant(stripped);
        if (at == null) throw new BadInputException(option, 0, null, problem(stripped));
        return at;
    }

    /**
     * ISO-8601 instant or offset date-time, a zone-less date-time taken as UTC, or epoch seconds, from
     * {@link #EARLIEST} to {@link #LATEST}. Anything else (including epoch milliseconds, a year 9999 row, 1e30 or
     * -Infinity) is bad input naming the file, the line and the column, never a DateTimeException.
     */
    static Instant timestamp(String file, int line, String text) {
        Instant at = instant(text);
        if (at == null) throw new BadInputException(file, line, "column 1 (timestamp)", problem(text));
        return at;
    }

    /** The time, or null when the text is not one (or lies outside the accepted years). */
    private static Instant instant(String text) {
        try {
            if (looksEpoch(text)) {
                long whole = PlainDecimal.wholeNumber(text);
                if (whole != PlainDecimal.NONE) return whole >= 0 && whole < LATEST_SECOND ? Instant.ofEpochSecond(whole) : null;
                double seconds = Double.parseDouble(text);
                if (!(seconds >= 0 && seconds < LATEST_SECOND)) return null;
                return Instant.ofEpochSecond((long) Math.floor(seconds), Math.round((seconds - Math.floor(seconds)) * 1e9));
            }
            Instant at = iso(text);
            return at.isBefore(EARLIEST) || !at.isBefore(LATEST) ? null : at;
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean looksEpoch(String text) {
        return !text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-') && text.indexOf('-', 1) < 0 && text.indexOf(':') < 0;
    }

    private static Instant iso(String text) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        char last = iso.isEmpty() ? ' ' : iso.charAt(iso.length() - 1);
        if (last == 'Z' || last == 'z') return Instant.parse(iso);
        if (iso.length() > 19 && (iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10)) return OffsetDateTime.parse(iso).toInstant();
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    }

    /** Why {@code text} is not a time: epoch milliseconds (and micro, nano) are named as such, with the fix. */
    private static String problem(String text) {
        String forms = "expected an ISO-8601 time (2026-01-26T10:00:00Z) or epoch seconds from " + EARLIEST + " to " + LATEST;
        if (looksEpoch(text)) {
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return forms + ", found '" + text + "'";
            }
            if (!Double.isFinite(v)) return forms + ", found '" + text + "' (not a finite number)";
            String[] units = {"milliseconds", "microseconds", "nanoseconds"};
            double factor = 1;
            for (String unit : units) {
                factor *= 1000;
                double seconds = v / factor;
                if (seconds >= 0 && seconds < LATEST_SECOND) {
                    return "'" + text + "' is epoch " + unit + " (" + Instant.ofEpochSecond((long) seconds) + "), not epoch seconds: "
                            + "divide by " + (long) factor + " (or write ISO-8601)";
                }
            }
            return forms + ", found '" + text + "'" + (v < 0 ? " (before 1970)" : " (as epoch seconds, after 2100)");
        }
        Instant at;
        try {
            at = iso(text);
        } catch (DateTimeException e) {
            return forms + ", found '" + text + "'";
        }
        return forms + ", found '" + text + "' (" + at + " is outside those years)";
    }

    private static double value(String file, int line, String text) {
        double v = PlainDecimal.parse(text);
        if (Double.isNaN(v)) {
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                v = Double.NaN; // reported below with the text
            }
        }
        if (Sample.plausible(v)) return v;
        String bound = Double.isFinite(v) ? " (a magnitude above " + (long) Sample.MAX_MAGNITUDE + " would overflow the baseline)" : "";
        throw new BadInputException(file, line, "column 3 (value)", "expected a finite number from -1e12 to 1e12, found '" + text + "'" + bound);
    }

    private static String unquote(String cell) {
        String s = cell.strip();
        return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"' ? s.substring(1, s.length() - 1).strip() : s;
    }

    private TraceReader() {
    }
}
