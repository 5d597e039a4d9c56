package dev.rewind.detect;

import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Sample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A sliding window gives, bit for bit, what summarizing the same span anew gives, wherever it is moved. */
class SlidingWindowTest {
    static final Instant T0 = Instant.parse("2026-01-26T00:00:00Z");
    // values whose order matters to a sum, and the ones Math.min/max treat specially
    static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e16, -1e16, 0.1, 0.7};

    static LongStream seeds() {
        return LongStream.range(0, 120);
    }

    /** Irregular timestamps (jitter, gaps, duplicates), noisy values with spikes and zero runs, shuffled. */
    static MetricSeries series(Random r, String name) {
        List<Sample> s = new ArrayList<>();
        long ms = 0;
        int step = 1 + r.nextInt(300);
        for (int i = 0, n = r.nextInt(400); i < n; i++) {
            ms += step * 1000L + (r.nextBoolean() ? r.nextInt(step * 1000) - step * 500 : 0);
            if (r.nextInt(30) == 0) ms += 1000L * step * r.nextInt(40); // a gap
            double v = switch (r.nextInt(6)) {
                case 0 -> 0;
                case 1 -> SPECIAL[r.nextInt(SPECIAL.length)];
                case 2 -> r.nextInt(4);
                default -> 100 * r.nextGaussian();
            };
            s.add(new Sample(T0.plusMillis(Math.max(0, ms)), v));
            if (r.nextInt(20) == 0) s.add(new Sample(T0.plusMillis(Math.max(0, ms)), r.nextGaussian())); // same instant twice
        }
        java.util.Collections.shuffle(s, r);
        return new MetricSeries(name, s);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyAggregateEqualsTheSameSpanSummarizedAnew(long seed) {
        Random r = new Random(seed);
        MetricSeries a = series(r, "a"), b = series(r, "b");
        MetricSeries current = a;
        SlidingWindow w = new SlidingWindow();
        Duration span = Duration.ofSeconds(1 + r.nextInt(3600));
        Instant to = T0.minusSeconds(r.nextInt(600));
        int compared = 0;
        for (int check = 0; check < 300; check++) {
            // mostly forward by less or more than a sample step; now and then back in time, or another series
            to = r.nextInt(25) == 0 ? to.minusSeconds(r.nextInt(3000)) : to.plusMillis(r.nextInt(400_000));
            if (r.nextInt(40) == 0) current = current == a ? b : a;
            Instant from = r.nextInt(10) == 0 ? Instant.MIN : to.minus(span);
            w.moveTo(current, from, to);
            List<Sample> expected = current.window(from, to);
            assertThat(w.samples()).as("samples at check %d", check).isEqualTo(expected);
            assertThat(w.count()).isEqualTo(expected.size());
            if (expected.isEmpty()) continue;
            compared++;
            MetricSummary m = MetricSummary.of(expected);
            // asked in a random order and not always, as a tracker asks: an aggregate skipped for a while must catch up
            if (r.nextBoolean()) same(w.sum(), m.sum(), "sum", check);
            if (r.nextBoolean()) same(w.mean(), m.mean(), "mean", check);
            if (r.nextBoolean()) same(w.last(), m.last(), "last", check);
            if (r.nextBoolean()) assertThat(w.positiveRun()).as("run at check %d", check).isEqualTo(TriggerEvaluator.positiveRun(expected));
            // a trigger reads one of min or max; switching between them must still be right
            if (r.nextInt(8) != 0 ? seed % 2 == 0 : r.nextBoolean()) same(w.min(), m.min(), "min", check);
            else same(w.max(), m.max(), "max", check);
        }
        assertThat(compared).as("checks with samples in the window").isPositive();
    }

    /** Equal as Double.equals has it: -0.0 is not 0.0, and NaN is NaN. */
    private static void same(double actual, double expected, String what, int check) {
        assertThat(Double.doubleToLongBits(actual)).as("%s at check %d: %s vs %s", what, check, actual, expected)
                .isEqualTo(Double.doubleToLongBits(expected));
    }
}
