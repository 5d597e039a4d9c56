package dev.rewind.detect;

import dev.rewind.model.MetricNames;
import dev.rewind.model.Observations;
import dev.rewind.model.Trigger;

import java.time.Instant;
import java.util.List;

/**
 * Where a sequential test reads its events and exposure: error or count metrics ({@link Counts}), or the slow
 * requests of a latency histogram ({@link SlowRequests}). The release's own stream, the previous release's before the
 * deploy (the baseline), and the previous release's over the same time when it still serves ({@code control_} series).
 */
sealed interface EventStreams permits EventStreams.Counts, SlowRequests {

    /** The streams for a trigger's metric; null when no sequential test reads it (gauges such as memory or CPU). */
    static EventStreams of(Trigger trigger) {
        String m = MetricNames.canonical(trigger.metric());
        if (LatencyHistogram.quantileOf(m) > 0) return new SlowRequests(m, trigger.detection().tolerance());
        CountStream release = CountStream.of(m, "");
        return release == null ? null : new Counts(m, release, CountStream.of(m, CountStream.CONTROL), trigger.detection().tolerance());
    }

    /** Whether the observations hold the previous release over the same time (a canary's control). */
    boolean hasControl(Observations o);

    /** Learns what the streams need from before the deploy; false when the observations lack the data for the test. */
    boolean learn(Observations o, Instant from, Instant deploy);

    /** The previous release's intervals in {@code [from, deploy)}. */
    List<Interval> baseline(Observations o, Instant from, Instant deploy);

    /** The release's intervals ending in {@code (from, to]}. */
    List<Interval> release(Observations o, Instant from, Instant to);

    /** The control's intervals ending in {@code (from, to]}. */
    List<Interval> control(Observations o, Instant from, Instant to);

    String exposureUnit();

    String eventName();

    /** The largest ratio of the release's rate to the reference's that the null hypothesis allows. */
    double nullRatio();

    /** What the events are, for a finding's reason (the slow threshold, say). */
    default String describe() {
        return "";
    }

    /** Errors against requests, or events of a count metric against time. */
    record Counts(String metric, CountStream releaseStream, CountStream controlStream, double tolerance) implements EventStreams {
        @Override
        public double nullRatio() {
            return 1 + tolerance;
        }

        @Override
        public boolean hasControl(Observations o) {
            return releaseStream.present(o) && controlStream.present(o);
        }

        @Override
        public boolean learn(Observations o, Instant from, Instant deploy) {
            if (!releaseStream.present(o)) return false;
            releaseStream.learn(o, from, deploy);
            if (controlStream.present(o)) controlStream.learn(o, from, deploy);
            return true;
        }

        @Override
        public List<Interval> baseline(Observations o, Instant from, Instant deploy) {
            return releaseStream.read(o, from.minusNanos(1), deploy.minusNanos(1));
        }

        @Override
        public List<Interval> release(Observations o, Instant from, Instant to) {
            return releaseStream.read(o, from, to);
        }

        @Override
        public List<Interval> control(Observations o, Instant from, Instant to) {
            return controlStream.read(o, from, to);
        }

        @Override
        public String exposureUnit() {
            return releaseStream.exposureUnit();
        }

        @Override
        public String eventName() {
            return metric.contains("error") ? "errors" : "events";
        }
    }
}
