package dev.rewind.detect;

import dev.rewind.model.Aggregation;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Comparison;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.Severity;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.rewind.detect.TriggerEvaluatorTest.DEPLOY;
import static dev.rewind.detect.TriggerEvaluatorTest.baseline;
import static dev.rewind.detect.TriggerEvaluatorTest.obs;
import static org.assertj.core.api.Assertions.assertThat;

class WatchTest {

    /** Generated per-check bad/good/missing patterns and hold times; the oracle counts how long the condition has held. */
    static Stream<Arguments> patterns() {
        Random r = new Random(7);
        return IntStream.range(0, 200).mapToObj(i -> {
            char[] p = new char[5 + r.nextInt(20)];
            for (int k = 0; k < p.length; k++) p[k] = "BBBG-".charAt(r.nextInt(5)); // B bad, G good, - no sample
            return Arguments.of(new String(p), 60L * r.nextInt(5));
        });
    }

    @ParameterizedTest(name = "{0} hold {1}s")
    @MethodSource("patterns")
    void firesOnlyOnceTheConditionHeldAtEveryCheckForTheHoldTime(String pattern, long holdSeconds) {
        Trigger t = new Trigger("error_rate", "error_rate", Comparison.GREATER_THAN, new Threshold.Absolute(1), Aggregation.MEAN,
                Duration.ofSeconds(60), Duration.ofSeconds(holdSeconds), false, Severity.CRITICAL, AutomationLevel.FULL);
        List<Sample> samples = new ArrayList<>();
        for (int k = 0; k < pattern.length(); k++) {
            char c = pattern.charAt(k);
            if (c != '-') samples.add(new Sample(DEPLOY.plusSeconds(60L * (k + 1)), c == 'B' ? 5 : 0.5));
        }
        Observations o = obs("error_rate", samples);
        Watch watch = new Watch(List.of(t), baseline("error_rate"), new TriggerEvaluator(0));
        Instant since = null;
        for (int k = 0; k < pattern.length(); k++) {
            Instant now = DEPLOY.plusSeconds(60L * (k + 1));
            TriggerStatus got = watch.check(o, now).get(0).status();
            char c = pattern.charAt(k);
            TriggerStatus expected;
            if (c == 'B') {
                if (since == null) since = now;
                expected = Duration.between(since, now).toSeconds() >= holdSeconds ? TriggerStatus.FIRING : TriggerStatus.PENDING;
            } else {
                since = null;
                expected = c == 'G' ? TriggerStatus.HEALTHY : TriggerStatus.NO_DATA;
            }
            assertThat(got).as("check %d of %s", k, pattern).isEqualTo(expected);
        }
    }
}
