package dev.rewind.detect;

import java.util.List;

/**
 * A long baseline used as if it were a control running beside the new release: it is revealed to the test a chunk at
 * a time, most recent samples first, and each chunk is compared with the new release's events since the previous
 * chunk by the same conditional split as a canary's control. A chunk was never looked at by the test before (only its
 * exposure sizes it), so given the past the split is exactly binomial under the null hypothesis, and the test stays a
 * martingale without bounding the baseline's rate first: about half of alpha more power than {@code upper bound +
 * test} where it matters, at low traffic.
 * <p>
 * The schedule: after the new release's exposure E, the revealed baseline exposure is B E / (E + H) with
 * H = B / {@value #FIRST_RATIO}: at first each request of the new release is set against about {@value #FIRST_RATIO}
 * of the baseline's (near the power of a known rate), half the baseline is spent once the new release has served a
 * {@value #FIRST_RATIO}th of the baseline's requests (90 minutes after a 24-hour baseline at the same traffic), and
 * the rest ever more slowly, so evidence keeps coming however long the watch.
 * It needs a baseline with many samples; a short one (a live watch with 30 s of history) is bounded instead.
 */
final class BaselineReveal {
    static final double FIRST_RATIO = 16;
    static final int MIN_SAMPLES = 64;

    private final List<Interval> newestFirst;
    private final double[] cumulative; // exposure of the newest i + 1 baseline samples
    private final double total, half;
    private double seen;               // the new release's exposure so far
    private int revealed;
    private double pendingEvents, pendingExposure;

    BaselineReveal(List<Interval> baseline) {
        this.newestFirst = baseline.reversed();
        this.cumulative = new double[newestFirst.size()];
        double sum = 0;
        for (int i = 0; i < cumulative.length; i++) cumulative[i] = sum += newestFirst.get(i).exposure();
        this.total = sum;
        this.half = sum / FIRST_RATIO;
    }

    /** Whether a baseline is long enough to be revealed in chunks. */
    static boolean suits(List<Interval> baseline) {
        long withExposure = baseline.stream().filter(i -> i.exposure() > 0).count();
        return withExposure >= MIN_SAMPLES;
    }

    /** Adds one interval of the new release; returns the baseline chunk revealed now, or null (the interval waits). */
    Interval next(Interval release) {
        seen += release.exposure();
        pendingEvents += release.events();
        pendingExposure += release.exposure();
        double target = total * seen / (seen + half);
        int upTo = revealed;
        while (upTo < cumulative.length && cumulative[upTo] <= target) upTo++;
        if (upTo == revealed || pendingExposure <= 0) return null;
        double events = 0, exposure = 0;
        for (int i = revealed; i < upTo; i++) {
            events += newestFirst.get(i).events();
            exposure += newestFirst.get(i).exposure();
        }
        revealed = upTo;
        return exposure > 0 ? new Interval(release.at(), events, exposure) : null;
    }

    /** The new release's events and exposure waiting for the chunk just revealed; clears them. */
    Interval takePending() {
        Interval p = new Interval(null, pendingEvents, pendingExposure);
        pendingEvents = pendingExposure = 0;
        return p;
    }

    double revealedExposure() {
        return revealed == 0 ? 0 : cumulative[revealed - 1];
    }

    double revealedEvents() {
        double e = 0;
        for (int i = 0; i < revealed; i++) e += newestFirst.get(i).events();
        return e;
    }
}
