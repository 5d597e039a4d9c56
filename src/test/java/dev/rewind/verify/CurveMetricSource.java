package dev.rewind.verify;

import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Test metrics: each metric is a curve of (version, time) sampled every 10 s. A null value means no sample. */
public class CurveMetricSource implements MetricSource {
    private static final Duration STEP = Duration.ofSeconds(10);
    private final Map<String, BiFunction<String, Instant, Double>> curves = new HashMap<>();
    private final Instant origin;

    public CurveMetricSource(Instant origin) {
        this.origin = origin;
    }

    public CurveMetricSource with(String metric, BiFunction<String, Instant, Double> curve) {
        curves.put(metric, curve);
        return this;
    }

    @Override
    public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
        List<Sample> out = new ArrayList<>();
        var curve = curves.get(metric);
        if (curve == null) return new MetricSeries(metric, out);
        long first = Math.max(0, Duration.between(origin, from).dividedBy(STEP) + 1);
        for (Instant t = origin.plus(STEP.multipliedBy(first)); !t.isAfter(to); t = t.plus(STEP)) {
            Double v = curve.apply(scope.version(), t);
            if (v != null && t.isAfter(from)) out.add(new Sample(t, v));
        }
        return new MetricSeries(metric, out);
    }

    @Override
    public void checkOnline() {
    }
}
