package dev.rewind.detect;

import java.time.Instant;

/** One sample's worth of a count stream: events (errors, slow requests) and the exposure they happened in, ending at {@code at}. */
record Interval(Instant at, double events, double exposure) {
}
