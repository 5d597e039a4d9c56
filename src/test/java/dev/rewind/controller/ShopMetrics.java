package dev.rewind.controller;

import dev.rewind.model.MetricNames;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The shop's metrics, one sample per version every 10 s, computed when asked from the world's state in the
 * 10 s before the sample. A version that does not run has no samples; one without traffic reports only
 * memory and its (zero) failure counters, as a scraped but idle process would.
 */
public final class ShopMetrics implements MetricSource {
    static final Duration RESOLUTION = Duration.ofSeconds(10);
    /** In percent, as seed 001 writes rates; not a round number, so no event-count step hides in it. */
    static final double ERROR_RATE = 0.37;
    static final double FAULTY_ERROR_RATE = 20.0;
    static final double P50 = 120, P95 = 280, P99 = 450;
    static final double SLOW_FACTOR = 1.8;
    static final double MEMORY = 45;
    static final double LEAK_START_PERCENT = 68;
    static final double REQUESTS_PER_SECOND = 150;

    private final ShopWorld world;

    public ShopMetrics(ShopWorld world) {
        this.world = world;
    }

    @Override
    public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
        List<Sample> samples = new ArrayList<>();
        if (!scope.service().equals(world.service)) return new MetricSeries(metric, samples);
        long step = RESOLUTION.toSeconds();
        long first = Math.floorDiv(from.getEpochSecond(), step) * step;
        for (Instant at = Instant.ofEpochSecond(first); !at.isAfter(to); at = at.plus(RESOLUTION)) {
            if (!at.isAfter(from)) continue;
            Double v = value(scope.version(), MetricNames.canonical(metric), at);
            if (v != null) samples.add(new Sample(at, v));
        }
        return new MetricSeries(metric, samples);
    }

    @Override
    public void checkOnline() {
    }

    /** One metric of one version at one instant, or null when the version reports none. */
    Double value(String version, String metric, Instant at) {
        ShopWorld.State s = world.stateBefore(at);
        if (s == null || !s.running().contains(version)) return null;
        Fault fault = world.fault(version);
        if (metric.equals(MetricNames.MEMORY)) {
            if (fault != Fault.MEMORY_LEAK) return MEMORY;
            double[] leak = world.leakOf(version);
            return leak[0] + leak[1] * Duration.between(world.startedAt(version), at).toSeconds() / 60.0;
        }
        if (metric.equals(MetricNames.DB_CONNECTION_ERRORS) || metric.equals(MetricNames.HEALTH_CHECK_FAILURES)) return 0.0;
        double share = s.routes().percent(version) / 100;
        if (share == 0) return null;
        String flag = world.flagOf(version);
        boolean newCodeLive = flag == null || s.flagsOn().contains(flag);
        return switch (metric) {
            case MetricNames.REQUEST_RATE -> REQUESTS_PER_SECOND * share;
            case MetricNames.ERROR_RATE -> world.dependencyDown(at) ? FAULTY_ERROR_RATE
                    : newCodeLive && fault == Fault.ERROR_SPIKE ? world.faultyErrorRate(version) : ERROR_RATE;
            case MetricNames.P50_LATENCY -> P50;
            case MetricNames.P95_LATENCY -> slow(newCodeLive, fault) || world.dependencySlow(at) ? P95 * SLOW_FACTOR : P95;
            case MetricNames.P99_LATENCY -> slow(newCodeLive, fault) || world.dependencySlow(at) ? P99 * SLOW_FACTOR : P99;
            default -> null;
        };
    }

    private static boolean slow(boolean newCodeLive, Fault fault) {
        return newCodeLive && fault == Fault.LATENCY;
    }
}
