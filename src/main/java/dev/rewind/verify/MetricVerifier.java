package dev.rewind.verify;

import dev.rewind.model.Aggregation;
import dev.rewind.model.Baseline;
import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSummary;
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
 * <p>Sample counts: when the source has a {@value #REQUEST_COUNT} series for the scope (requests per sample),
 * its sum over the window is the number of trials behind an error/failure rate, and a rate whose 95% Wilson
 * interval still contains the baseline counts as normal: a handful of errors on low traffic is noise.
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
        Instant start = time.now();
        Instant deadline = start.plus(policy.limit());
        time.pause(policy.settle());
        int checks = 0;
        while (true) {
            checks++;
            List<MetricCheck> results = check(scope, baseline, policy.tolerance(), metrics);
            Instant now = time.now();
            if (results.stream().allMatch(MetricCheck::normal)) {
                return new Normalization(true, Duration.between(start, now), checks, results, start, now);
            }
            if (!now.isBefore(deadline)) return new Normalization(false, null, checks, results, start, now);
            Duration left = Duration.between(now, deadline);
            time.pause(left.compareTo(interval) < 0 ? left : interval);
        }
    }

    private List<MetricCheck> check(MetricScope scope, Baseline baseline, double tolerance, List<String> metrics) {
        Instant now = time.now();
        Instant from = now.minus(interval);
        Long trials = null;
        MetricSummary counts = MetricSummary.of(source.range(scope, REQUEST_COUNT, from, now).samples());
        if (counts != null && counts.sum() >= 1) trials = Math.round(counts.sum());
        List<MetricCheck> out = new ArrayList<>();
        for (String metric : metrics) {
            Double base = baseline.value(metric, Aggregation.MEAN);
            MetricSummary current = MetricSummary.of(source.range(scope, MetricNames.canonical(metric), from, now).samples());
            if (base == null) {
                out.add(new MetricCheck(metric, Double.NaN, current == null ? null : current.mean(), Double.NaN, false, "no baseline for this metric"));
            } else {
                out.add(NormalBand.judge(metric, base, current == null ? null : current.mean(), tolerance, trials, rates));
            }
        }
        return out;
    }
}
