package dev.rewind.detect;

import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events and exposure per sample for a count test, read from whatever the observations hold, best first:
 * <ul>
 *   <li>{@code error_count} and {@code request_count}: events and requests per sample (Prometheus counters read as
 *   each scrape's increase, the demo's buckets). A missing error sample is a scrape without errors.</li>
 *   <li>{@code error_rate} in seed 001's unit (errors per minute) and {@code request_rate}: the counts are the rates
 *   times the sample's interval. When every error value is a whole multiple of one step (one event), a count is never
 *   taken larger than value / step: if the unit was misread, the test then sees fewer events, never more.</li>
 *   <li>a count metric (health_check_failures, db_connection_errors, *_total): events per sample against time.</li>
 * </ul>
 * A {@code prefix} reads the same names with it in front: {@code control_} for the previous release over the same time.
 */
final class CountStream {
    static final String REQUEST_COUNT = "request_count";
    static final String CONTROL = "control_";

    private final String events;       // a per-sample count series, or null
    private final String eventRate;    // a per-minute rate series when events is absent, or null
    private final String requests;     // request_count
    private final String requestRate;  // request_rate
    private final boolean perRequest;  // false: exposure is time
    private Duration spacing;          // a rate sample's usual interval (median before the deploy)
    private double perEvent = Double.NaN; // the value of one event in eventRate, when the values show it

    private CountStream(String events, String eventRate, String requests, String requestRate, boolean perRequest) {
        this.events = events;
        this.eventRate = eventRate;
        this.requests = requests;
        this.requestRate = requestRate;
        this.perRequest = perRequest;
    }

    /** The stream for an error or count metric; null for anything else (a gauge, a latency). */
    static CountStream of(String metric, String prefix) {
        String m = MetricNames.canonical(metric);
        if (MetricNames.isCount(m)) return new CountStream(prefix + m, null, null, null, false);
        if (!m.contains("error") && !m.contains("fail")) return null;
        String count = (m.endsWith("_rate") ? m.substring(0, m.length() - "_rate".length()) : m) + "_count";
        return new CountStream(prefix + count, prefix + m, prefix + REQUEST_COUNT, prefix + MetricNames.REQUEST_RATE, true);
    }

    String exposureUnit() {
        return perRequest ? "requests" : "seconds";
    }

    /** Whether the observations hold what this stream reads (exposure included). */
    boolean present(Observations o) {
        if (!perRequest) return nonEmpty(o, events);
        boolean exposure = nonEmpty(o, requests) || nonEmpty(o, requestRate);
        return exposure && (o.get(events).isPresent() || nonEmpty(o, eventRate));
    }

    /**
     * Learns the sample spacing and the value of one event from the samples before {@code deploy}; call once, before
     * reading. Only timestamps and the values' granularity are used, never whether errors were high or low.
     */
    void learn(Observations o, Instant from, Instant deploy) {
        MetricSeries s = o.get(rateSeries(o)).orElse(null);
        List<Sample> before = s == null ? List.of() : s.between(from, deploy);
        if (s != null && before.size() < 2) before = s.samples(); // a live watch may hold only the release's own samples
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < before.size(); i++) gaps.add(Duration.between(before.get(i - 1).at(), before.get(i).at()).toMillis());
        gaps.sort(null);
        spacing = gaps.isEmpty() ? null : Duration.ofMillis(gaps.get(gaps.size() / 2));
        if (eventRate != null && !countsPresent(o) && s != null) perEvent = EventCountFloor.step(before, List.of());
    }

    /** The intervals ending in {@code (from, to]}, in time order. */
    List<Interval> read(Observations o, Instant from, Instant to) {
        if (!perRequest) {
            List<Interval> out = new ArrayList<>();
            MetricSeries s = o.get(events).orElse(null);
            if (s == null) return out;
            forEachWithGap(s, from, to, (at, value, gap) -> out.add(new Interval(at, Math.max(0, value), gap)));
            return out;
        }
        Map<Instant, Double> eventsAt = eventsAt(o, from, to);
        List<Interval> out = new ArrayList<>();
        boolean counters = countsPresent(o);
        MetricSeries reqCount = o.get(requests).filter(x -> !x.isEmpty()).orElse(null);
        if (reqCount != null) {
            for (Sample r : reqCount.window(from, to)) add(out, r.at(), r.value(), eventsAt, counters);
        } else {
            MetricSeries rate = o.get(requestRate).orElse(null);
            if (rate == null) return out;
            forEachWithGap(rate, from, to, (at, value, gap) -> add(out, at, value * gap, eventsAt, counters));
        }
        return out;
    }

    private static void add(List<Interval> out, Instant at, double exposure, Map<Instant, Double> eventsAt, boolean counters) {
        Double e = eventsAt.get(at);
        if (e == null && !counters) return; // a rate sample missing: no data for this interval, not zero errors
        if (!(exposure >= 0) || Double.isInfinite(exposure)) return;
        out.add(new Interval(at, e == null ? 0 : e, exposure));
    }

    private Map<Instant, Double> eventsAt(Observations o, Instant from, Instant to) {
        Map<Instant, Double> at = new HashMap<>();
        MetricSeries counts = countsPresent(o) ? o.get(events).orElse(null) : null;
        if (counts != null) {
            for (Sample s : counts.window(from, to)) if (s.value() >= 0) at.merge(s.at(), s.value(), Double::sum);
            return at;
        }
        MetricSeries rate = o.get(eventRate).orElse(null);
        if (rate == null) return at;
        forEachWithGap(rate, from, to, (t, perMinute, gap) -> {
            if (!(perMinute >= 0)) return;
            double n = perMinute * gap / 60.0;
            if (perEvent > 0) n = Math.min(n, perMinute / perEvent);
            at.put(t, n);
        });
        return at;
    }

    private interface GapConsumer {
        void accept(Instant at, double value, double gapSeconds);
    }

    /** Each sample in (from, to] with the seconds it covers: since the previous sample, but never more than the usual spacing. */
    private void forEachWithGap(MetricSeries s, Instant from, Instant to, GapConsumer c) {
        List<Sample> all = s.samples();
        int first = firstAfter(all, from);
        for (int i = first; i < all.size() && !all.get(i).at().isAfter(to); i++) {
            Sample cur = all.get(i);
            Sample prev = i > 0 ? all.get(i - 1) : null;
            long millis = prev == null ? -1 : Duration.between(prev.at(), cur.at()).toMillis();
            long usual = spacing == null ? millis : spacing.toMillis();
            if (millis <= 0) millis = usual;
            if (usual > 0) millis = Math.min(millis, usual);
            if (millis > 0 && Double.isFinite(cur.value())) c.accept(cur.at(), cur.value(), millis / 1000.0);
        }
    }

    private static int firstAfter(List<Sample> samples, Instant t) {
        int lo = 0, hi = samples.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).at().isAfter(t)) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private String rateSeries(Observations o) {
        if (!perRequest) return events;
        return !countsPresent(o) && nonEmpty(o, eventRate) ? eventRate : requestRate;
    }

    /**
     * A count series is there (a counter the source reads, empty while nothing failed) or there is no rate to fall back
     * on: then the counts are the events and a missing sample is zero of them.
     */
    private boolean countsPresent(Observations o) {
        return o.get(events).isPresent() && (nonEmpty(o, events) || nonEmpty(o, requests) || !nonEmpty(o, eventRate));
    }

    private static boolean nonEmpty(Observations o, String name) {
        return name != null && o.get(name).map(s -> !s.isEmpty()).orElse(false);
    }
}
