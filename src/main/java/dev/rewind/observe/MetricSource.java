package dev.rewind.observe;

import dev.rewind.model.MetricSeries;
import java.time.Instant;

/**
 * Where metrics come from: Prometheus, the demo's collector, a recorded trace. Small on purpose
 * (Flagger's RunQuery/IsOnline). Implementations throw {@link dev.rewind.model.UnreachableException}
 * when the system cannot be reached or refuses credentials; "no data" is an empty series, never an error.
 */
public interface MetricSource {

    /** Samples of {@code metric} for the release in {@code scope}, with {@code from < at <= to}. */
    MetricSeries range(MetricScope scope, String metric, Instant from, Instant to);

    /** Throws UnreachableException (with the cause) when the source is down or refuses credentials. */
    void checkOnline();
}
