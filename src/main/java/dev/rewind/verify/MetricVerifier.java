package dev.rewind.verify;

import dev.rewind.model.Aggregation;
import dev.rewind.model.Baseline;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.UnreachableException;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Waits {@code settle}, then checks every {@code interval} until each compared metric is back near its baseline,
 * giving up at {@code limit} (both measured from the call, on the TimeSource). A check compares the mean over
 * the last {@code interval} with the baseline mean, through {@link NormalBand}.
 *
 * <p>Sample counts: the {@value #REQUEST_COUNT} series (requests per sample) when the source has one, else
 * request_rate times the sample spacing, is the number of trials behind an error/failure rate, and a rate whose
 * 95% Wilson interval still contains the baseline counts as normal: a handful of errors on low traffic is noise.
 *
 * <p>A check window is never shorter than the source's resolution. A source that cannot be read, or has no
 * samples, leaves the verification {@linkplain Normalization.Verdict#BLIND blind}: not failed, not proven.
 */
public final class MetricVerifier {
    /** The series that gives request counts; it is never itself compared. */
    public static final String REQUEST_COUNT = "request_count";

    private final MetricSource source;
    private final TimeSource time;
    private final Duration interval;
    private final RateUnit rates;

    /** Rates in percent, as seed 001 writes them. */
    public MetricVerifier(MetricSource source, TimeSource time, Duration interval) {
        this(source, time, interval, RateUnit.PERCENT);
    }

    public MetricVerifier(MetricSource source, TimeSource time, Duration interval, RateUnit rates) {
        this.source = Objects.requireNonNull(source, "source");
        this.time = Objects.requireNonNull(time, "time");
        if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("check interval must be positive, got " + interval);
        this.interval = interval;
        this.rates = Objects.requireNonNull(rates, "rates");
    }

    /** Compares every metric the baseline has (but the request count). */
    public Normalization verify(MetricScope scope, Baseline baseline, VerificationPolicy policy) {
        List<String> metrics = baseline.metrics().keySet().stream().filter(m -> !m.equals(REQUEST_COUNT)).sorted().toList();
        return verify(scope, baseline, policy, metrics);
    }

    public Normalization verify(MetricScope scope, Baseline baseline, VerificationPolicy policy, List<String> metrics) {
        if (metrics.isEmpty()) throw new IllegalArgumentException("nothing to verify: the baseline of " + baseline.version() + " has no metrics");
        Duration window = checkWindow();
        String widened = window.equals(interval) ? null : "each check reads " + seconds(window) + " instead of " + seconds(interval)
                + ": the metric source's resolution is " + seconds(window) + ", and a shorter window may hold no sample";
        Instant start = time.now();
        Instant deadline = start.plus(policy.limit());
        time.pause(policy.settle());
        int checks = 0;
        while (true) {
            checks++;
            Check check = check(scope, baseline, policy.tolerance(), metrics, window);
            Instant now = time.now();
            if (check.results().stream().allMatch(MetricCheck::normal)) {
                return new Normalization(Normalization.Verdict.NORMALIZED, Duration.between(start, now), checks, check.results(), start, now, widened);
            }
            if (!now.isBefore(deadline)) return gaveUp(check, checks, start, now, widened);
            Duration left = Duration.between(now, deadline);
            time.pause(left.compareTo(interval) < 0 ? left : interval);
        }
    }

    /** At the limit: a metric seen off means not normalized; only metrics without data left means blind. */
    private static Normalization gaveUp(Check last, int checks, Instant start, Instant now, String widened) {
        boolean off = last.results().stream().anyMatch(c -> !c.normal() && !c.blind());
        if (off) return new Normalization(Normalization.Verdict.NOT_NORMALIZED, null, checks, last.results(), start, now, widened);
        List<String> blind = last.results().stream().filter(MetricCheck::blind).map(MetricCheck::metric).toList();
        String why = last.sourceError() != null ? "the metric source could not be read (" + last.sourceError() + ")"
                : "no samples of " + String.join(", ", blind) + " in the last check window";
        return new Normalization(Normalization.Verdict.BLIND, null, checks, last.results(), start, now,
                "blind: " + why + (widened == null ? "" : "; " + widened));
    }

    /** The interval, or the source's resolution when that is longer: never a window that may hold no sample. */
    Duration checkWindow() {
        Duration resolution = source.resolution();
        return resolution.compareTo(interval) > 0 ? resolution : interval;
    }

    private record Check(List<MetricCheck> results, String sourceError) {
    }

    private Check check(MetricScope scope, Baseline baseline, double tolerance, List<String> metrics, Duration window) {
        Instant now = time.now();
        Instant from = now.minus(window);
        String sourceError = null;
        Long trials = null;
        try {
            trials = trials(scope, from, now, window);
        } catch (UnreachableException e) {
            sourceError = e.getMessage();
        }
        List<MetricCheck> out = new ArrayList<>();
        for (String metric : metrics) {
            Double base = baseline.value(metric, Aggregation.MEAN);
            MetricSummary current;
            try {
                current = MetricSummary.of(source.range(scope, MetricNames.canonical(metric), from, now).samples());
            } catch (UnreachableException e) {
                sourceError = e.getMessage();
                out.add(new MetricCheck(metric, base == null ? Double.NaN : base, null, Double.NaN, false, "could not read: " + e.getMessage()));
                continue;
            }
            if (base == null) {
                out.add(new MetricCheck(metric, Double.NaN, current == null ? null : current.mean(), Double.NaN, false, "no baseline for this metric"));
            } else {
                out.add(NormalBand.judge(metric, baseline.metrics().get(MetricNames.canonical(metric)), current, tolerance, trials, rates));
            }
        }
        return new Check(out, sourceError);
    }

    /**
     * Requests behind the window's error rate: the {@value #REQUEST_COUNT} series when the source has one, else
     * request_rate (per second) times the time each sample stands for. Null when neither says anything.
     */
    private Long trials(MetricScope scope, Instant from, Instant to, Duration window) {
        if (source.serves(REQUEST_COUNT)) {
            MetricSummary counts = MetricSummary.of(source.range(scope, REQUEST_COUNT, from, to).samples());
            if (counts != null && counts.sum() >= 1) return Math.round(counts.sum());
        }
        if (!source.serves(MetricNames.REQUEST_RATE)) return null;
        MetricSummary rate = MetricSummary.of(source.range(scope, MetricNames.REQUEST_RATE, from, to).samples());
        if (rate == null) return null;
        Duration each = source.resolution().isZero() ? window.dividedBy(rate.count()) : source.resolution();
        double requests = rate.sum() * each.toMillis() / 1000.0;
        return requests >= 1 ? Math.round(requests) : null;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : (d.toMillis() / 1000.0) + " s";
    }
}
