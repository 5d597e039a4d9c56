package dev.rewind.report;

import static dev.rewind.report.MetricChart.PLOT_HEIGHT;

import dev.rewind.model.MetricNames;
import dev.rewind.model.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The chart's scales: value ranges with round steps, time tick spacing, and units read off metric names. */
final class ChartScale {
    /** Tick spacings in seconds: a demo incident lasts a minute, a production one hours. */
    private static final long[] TICK_SECONDS = {5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400};

    private ChartScale() {
    }

    /** [min, max, step]: zero-based unless the data goes negative, with a little headroom and round steps. */
    static double[] yRange(List<Sample> samples, Double baseline, Double threshold) {
        double lo = 0, hi = 0;
        List<Double> values = new ArrayList<>(samples.stream().map(Sample::value).toList());
        if (baseline != null) values.add(baseline);
        if (threshold != null) values.add(threshold);
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi <= lo) hi = lo + 1;
        double step = niceStep((hi - lo) * 1.1 / 5);
        return new double[] {Math.floor(lo / step) * step, Math.ceil(hi * 1.1 / step) * step, step};
    }

    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * mag;
    }

    static long tickSeconds(Duration span) {
        for (long step : TICK_SECONDS) {
            if (span.toSeconds() / step <= 8) return step;
        }
        return TICK_SECONDS[TICK_SECONDS.length - 1] * Math.max(1, span.toDays() / 8);
    }

    static double y(double v, double[] yr, int plotTop) {
        return plotTop + PLOT_HEIGHT - PLOT_HEIGHT * (v - yr[0]) / (yr[1] - yr[0]);
    }

    static String unitSuffix(String metric) {
        String u = unit(metric);
        return u.isEmpty() ? "" : " (" + u + ")";
    }

    static String unitLabel(String metric) {
        String u = unit(metric);
        return u.isEmpty() ? metric : u;
    }

    /**
     * The metric's own unit, read off its name: an explicit suffix first ({@code _ms}, {@code _percent}, ...), then
     * what seed 001's names mean (latencies in ms; error and failure rates, memory and CPU in percent; request_rate
     * in requests per second; errors and failures as counts). Empty when the name says nothing.
     */
    static String unit(String metric) {
        String m = MetricNames.canonical(metric).toLowerCase(java.util.Locale.ROOT);
        if (m.endsWith("_ms") || m.endsWith("_millis") || m.endsWith("_milliseconds")) return "ms";
        if (m.endsWith("_seconds") || m.endsWith("_sec")) return "s";
        if (m.endsWith("_bytes")) return "bytes";
        if (m.endsWith("_percent") || m.endsWith("_pct")) return "%";
        if (m.contains("latency") || m.contains("response_time")) return "ms";
        if (m.equals(MetricNames.REQUEST_RATE) || m.contains("throughput") || m.endsWith("rps") || m.contains("requests_per_second")) return "req/s";
        if (m.endsWith("_rate")) return "%";
        if (m.contains("memory") || m.contains("cpu")) return "%";
        if (MetricNames.isCount(m) || m.endsWith("_errors") || m.endsWith("_failures")) return "count";
        return "";
    }
}
