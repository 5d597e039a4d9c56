package dev.rewind.detect;

import dev.rewind.model.MetricSeries;
import dev.rewind.model.Sample;

import java.time.Instant;
import java.util.List;

/**
 * The samples of one series in a trailing window {@code (from, to]}, moved forward check by check instead of
 * searched and summarized anew: its bounds advance by walking, and its aggregates are kept as samples enter and
 * leave. A new series object (a live watch reads fresh ones at each check) or a window that moves back starts it
 * over with a binary search, so it is never wrong, only slower.
 * <p>
 * Every aggregate is exactly what {@link dev.rewind.model.MetricSummary#of} computes over the same samples, bit for
 * bit: min and max come from monotonic deques, the latest and the positive run from indices, and the sum is added
 * up in time order. A running sum that subtracts leaving samples would round differently from that left-to-right
 * sum and move a finding's value in its last digits, so the sum is extended while the window only grows and added
 * up again when a sample leaves (once per sample step, not once per check).
 */
final class SlidingWindow {
    private MetricSeries series;
    private List<Sample> samples;
    private Instant from, to;
    private int lo, hi; // the window is samples[lo, hi)
    private long moves; // counts changes of series or bounds: equal counts, equal samples

    private int sumLo = -1, sumHi; // sum holds samples[sumLo, sumHi) added in time order
    private double sum;

    private int[] deque = new int[16]; // indices whose values are monotonic: the window's min (or max) at the head
    private int head, tail, dequeHi, dequeLo = -1;
    private boolean dequeForMax;
    private int nans, nansLo = -1, nansHi; // NaN wins in Math.min/max; the deques order by Double.compare, so count them

    private int run, runHi, runLo = -1; // the trailing positive run of samples[runLo, runHi)

    /** Moves the window to {@code (from, to]} of {@code series}; {@code from} and {@code to} normally only grow. */
    void moveTo(MetricSeries series, Instant from, Instant to) {
        int oldLo = lo, oldHi = hi;
        if (series != this.series || from.isBefore(this.from) || to.isBefore(this.to)) {
            if (series != this.series) moves++;
            this.series = series;
            samples = series.samples();
            lo = firstAfter(from);
            hi = Math.max(lo, firstAfter(to));
            sumLo = dequeLo = nansLo = runLo = -1;
        } else {
            int n = samples.size();
            while (lo < n && !samples.get(lo).at().isAfter(from)) lo++;
            hi = Math.max(hi, lo);
            while (hi < n && !samples.get(hi).at().isAfter(to)) hi++;
        }
        this.from = from;
        this.to = to;
        if (lo != oldLo || hi != oldHi) moves++;
    }

    /** Drops the series; the next move starts over with a binary search, as for a new series. */
    void forget() {
        if (series != null) moves++;
        series = null;
        samples = null;
        from = to = null;
        lo = hi = 0;
        sumLo = dequeLo = nansLo = runLo = -1;
    }

    /** Changes whenever the window's samples may have: while it stays the same, so does anything computed from them. */
    long moves() {
        return moves;
    }

    int count() {
        return hi - lo;
    }

    /** The window's samples, in time order (a view, not a copy). */
    List<Sample> samples() {
        return samples.subList(lo, hi);
    }

    double last() {
        return samples.get(hi - 1).value();
    }

    /** The sum in time order, as {@code MetricSummary} adds it. */
    double sum() {
        if (sumLo != lo || sumHi > hi) {
            sumLo = sumHi = lo;
            sum = 0;
        }
        for (; sumHi < hi; sumHi++) sum += samples.get(sumHi).value();
        return sum;
    }

    double mean() {
        return sum() / count();
    }

    double min() {
        return extreme(false);
    }

    double max() {
        return extreme(true);
    }

    /** Samples above zero at the end of the window, in a row: a consecutive trigger's failure run. */
    int positiveRun() {
        if (runLo < 0 || runLo > lo || runHi > hi) {
            runLo = runHi = lo;
            run = 0;
        }
        for (; runHi < hi; runHi++) run = samples.get(runHi).value() > 0 ? run + 1 : 0;
        // the run counted from runLo may reach back before the window; the window's own run stops at lo
        return Math.min(run, hi - lo);
    }

    private double extreme(boolean max) {
        if (dequeLo < 0 || dequeForMax != max || dequeLo > lo || dequeHi > hi) {
            head = tail = 0;
            dequeLo = dequeHi = lo;
            dequeForMax = max;
        }
        for (; dequeHi < hi; dequeHi++) {
            double v = samples.get(dequeHi).value();
            // a later sample at least as extreme outlives every earlier one it beats
            while (tail > head && !before(samples.get(deque[tail - 1]).value(), v, max)) tail--;
            push(dequeHi);
        }
        dequeLo = lo;
        while (deque[head] < lo) head++;
        if (countNans() > 0) return Double.NaN;
        return samples.get(deque[head]).value();
    }

    /** True when {@code earlier} stays ahead of {@code later}: strictly more extreme, as Math.min/max would pick it. */
    private static boolean before(double earlier, double later, boolean max) {
        int c = Double.compare(earlier, later);
        return max ? c > 0 : c < 0;
    }

    private void push(int index) {
        if (tail == deque.length) {
            // the live part is deque[head, tail): move it to the front, and grow only when it is full
            int live = tail - head;
            int[] to = live * 2 > deque.length ? new int[deque.length * 2] : deque;
            System.arraycopy(deque, head, to, 0, live);
            deque = to;
            head = 0;
            tail = live;
        }
        deque[tail++] = index;
    }

    private int countNans() {
        if (nansLo < 0 || nansLo > lo || nansHi > hi) {
            nansLo = nansHi = lo;
            nans = 0;
        }
        for (; nansHi < hi; nansHi++) if (Double.isNaN(samples.get(nansHi).value())) nans++;
        for (; nansLo < lo; nansLo++) if (Double.isNaN(samples.get(nansLo).value())) nans--;
        return nans;
    }

    private int firstAfter(Instant t) {
        int a = 0, b = samples.size();
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (samples.get(mid).at().isAfter(t)) b = mid; else a = mid + 1;
        }
        return a;
    }
}
