package dev.rewind.detect;

import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A latency histogram as the observations hold it: one series per bucket, named {@code latency_bucket:<le>} (le in
 * seconds, {@code +Inf} for all requests), each sample the requests of that interval that took at most le, as
 * Prometheus' {@code _bucket} counters give them scrape by scrape. {@code control_latency_bucket:<le>} is the control's.
 */
record LatencyHistogram(double[] bounds, String[] names, String total) {
    static final String FAMILY = "latency_bucket";

    /** The quantile a latency metric names (p95_latency_ms: 0.95), or 0 for any other metric. */
    static double quantileOf(String metric) {
        String m = MetricNames.canonical(metric);
        if (m.equals(MetricNames.P50_LATENCY)) return 0.5;
        if (m.equals(MetricNames.P95_LATENCY)) return 0.95;
        if (m.equals(MetricNames.P99_LATENCY)) return 0.99;
        return 0;
    }

    /** The histogram under {@code prefix}, or null without at least one finite bucket and the +Inf one. */
    static LatencyHistogram in(Observations o, String prefix) {
        String head = prefix + FAMILY + ":";
        List<double[]> found = new ArrayList<>();
        Map<Double, String> byBound = new HashMap<>();
        String total = null;
        for (String name : o.metrics()) {
            if (!name.startsWith(head)) continue;
            String le = name.substring(head.length()).trim();
            if (le.equalsIgnoreCase("+Inf") || le.equalsIgnoreCase("inf")) {
                total = name;
                continue;
            }
            try {
                double b = Double.parseDouble(le);
                if (b > 0 && Double.isFinite(b) && byBound.putIfAbsent(b, name) == null) found.add(new double[] {b});
            } catch (NumberFormatException notABucket) {
                // another metric that happens to share the prefix
            }
        }
        if (total == null || found.isEmpty()) return null;
        double[] bounds = found.stream().mapToDouble(x -> x[0]).sorted().toArray();
        String[] names = new String[bounds.length];
        for (int i = 0; i < bounds.length; i++) names[i] = byBound.get(bounds[i]);
        return new LatencyHistogram(bounds, names, total);
    }

    /** Per interval in (from, to]: requests, and requests slower than {@code bound} (a bucket bound of this histogram). */
    List<Interval> slowerThan(Observations o, double bound, Instant from, Instant to) {
        String le = names[indexOf(bound)];
        Map<Instant, Double> within = new HashMap<>();
        o.get(le).ifPresent(s -> s.window(from, to).forEach(x -> within.merge(x.at(), x.value(), Double::sum)));
        List<Interval> out = new ArrayList<>();
        MetricSeries all = o.get(total).orElse(null);
        if (all == null) return out;
        for (Sample s : all.window(from, to)) {
            double fast = within.getOrDefault(s.at(), 0.0);
            if (s.value() >= 0 && Double.isFinite(s.value())) out.add(new Interval(s.at(), Math.max(0, s.value() - fast), s.value()));
        }
        return out;
    }

    /** Requests at or below each bound, and all requests (last), summed over (from, to]. */
    double[] cumulative(Observations o, Instant from, Instant to) {
        double[] c = new double[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) c[i] = sum(o, names[i], from, to);
        c[bounds.length] = sum(o, total, from, to);
        return c;
    }

    private static double sum(Observations o, String name, Instant from, Instant to) {
        double s = 0;
        for (Sample x : o.get(name).map(m -> m.window(from, to)).orElse(List.of())) if (x.value() > 0) s += x.value();
        return s;
    }

    int indexOf(double bound) {
        for (int i = 0; i < bounds.length; i++) if (bounds[i] == bound) return i;
        throw new IllegalArgumentException("no bucket at " + bound);
    }

    static String seconds(double le) {
        return le < 1 ? TriggerEvaluator.fmt(le * 1000) + " ms" : String.format(Locale.ROOT, "%s s", TriggerEvaluator.fmt(le));
    }
}
