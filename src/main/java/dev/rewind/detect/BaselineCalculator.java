package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The previous stable release's summary over {@code [deployedAt - window, deployedAt)}: the deploy itself is not in it.
 * A coarse trace (5-minute samples, 5-minute window) leaves one sample there, and one sample says nothing about
 * noise; so when the window holds fewer than {@code minSamples}, the latest {@code minSamples} samples before the
 * deploy are used instead (still the previous release's). Replays on NAB production noise showed why: with a
 * one-sample baseline, 124 of 167 healthy deploys were rolled back on error rate alone.
 */
public final class BaselineCalculator {
    public static final int DEFAULT_MIN_SAMPLES = 12;
    private final int minSamples;

    public BaselineCalculator() {
        this(DEFAULT_MIN_SAMPLES);
    }

    /** @param minSamples 1 keeps the window exactly as configured */
    public BaselineCalculator(int minSamples) {
        if (minSamples < 1) throw new IllegalArgumentException("minSamples must be >= 1, got " + minSamples);
        this.minSamples = minSamples;
    }

    public Baseline calculate(Observations observations, String previousVersion, Instant deployedAt, Duration window) {
        Instant from = deployedAt.minus(window);
        Map<String, MetricSummary> metrics = new LinkedHashMap<>();
        Instant earliest = from;
        for (Map.Entry<String, MetricSeries> e : observations.series().entrySet()) {
            List<Sample> samples = e.getValue().between(from, deployedAt);
            if (samples.size() < minSamples) {
                List<Sample> before = e.getValue().between(Instant.MIN, deployedAt);
                samples = before.subList(Math.max(0, before.size() - minSamples), before.size());
                if (!samples.isEmpty() && samples.get(0).at().isBefore(earliest)) earliest = samples.get(0).at();
            }
            MetricSummary s = MetricSummary.of(samples);
            // a metric without samples has no baseline, not a zero one; nor has one whose aggregates overflowed
            if (s != null && Double.isFinite(s.sum()) && Double.isFinite(s.stddev())) metrics.put(e.getKey(), s);
        }
        // from is where the samples really start, so later readers (per-request noise) see the same period
        return new Baseline(previousVersion, earliest, deployedAt, metrics);
    }
}
