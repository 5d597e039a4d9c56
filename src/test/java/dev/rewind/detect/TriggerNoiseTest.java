package dev.rewind.detect;

import dev.rewind.model.Aggregation;
import dev.rewind.model.Baseline;
import dev.rewind.model.Comparison;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.MetricSummary;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.rewind.detect.TriggerEvaluatorTest.DEPLOY;
import static dev.rewind.detect.TriggerEvaluatorTest.trigger;
import static org.assertj.core.api.Assertions.assertThat;

class TriggerNoiseTest {
    private final Trigger errors = trigger("error_rate", Comparison.GREATER_THAN, new Threshold.RelativeToBaseline(2.0), Aggregation.MEAN, Duration.ofMinutes(5), false);

    private static Baseline noisy(String metric, double... values) {
        List<Sample> s = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) s.add(new Sample(DEPLOY.minusSeconds(300L * (values.length - i)), values[i]));
        return new Baseline("v1", DEPLOY.minusSeconds(3600), DEPLOY, Map.of(metric, MetricSummary.of(s)));
    }

    private static Observations now(double errors, Double requests) {
        MetricSeries e = new MetricSeries("error_rate", List.of(new Sample(DEPLOY.plusSeconds(60), errors)));
        return requests == null ? new Observations(Map.of("error_rate", e))
                : new Observations(Map.of("error_rate", e, "request_rate", new MetricSeries("request_rate", List.of(new Sample(DEPLOY.plusSeconds(60), requests)))));
    }

    /** One baseline sample (1 error/min at 100 req/s) well before the deploy and one sample after it. */
    private static Observations trace(double errors, double requests) {
        return new Observations(Map.of(
                "error_rate", new MetricSeries("error_rate", List.of(new Sample(DEPLOY.minusSeconds(400), 1.0), new Sample(DEPLOY.plusSeconds(60), errors))),
                "request_rate", new MetricSeries("request_rate", List.of(new Sample(DEPLOY.minusSeconds(400), 100.0), new Sample(DEPLOY.plusSeconds(60), requests)))));
    }

    @Test
    void aDoublingWithinTheBaselinesOwnSwingDoesNotFire() {
        Baseline b = noisy("error_rate", 0.2, 1.8, 0.4, 1.6, 0.2, 1.8); // mean 1.0, stddev ~0.8
        TriggerEvaluation withMargin = new TriggerEvaluator(3).evaluate(errors, now(2.5, null), b, DEPLOY.plusSeconds(60));
        TriggerEvaluation plain = new TriggerEvaluator(0).evaluate(errors, now(2.5, null), b, DEPLOY.plusSeconds(60));
        assertThat(plain.status()).isEqualTo(TriggerStatus.FIRING);
        assertThat(withMargin.status()).isEqualTo(TriggerStatus.HEALTHY);
        assertThat(withMargin.threshold()).isGreaterThan(2.0);
        assertThat(withMargin.reason()).contains("noise");
    }

    @Test
    void aDoublingFarOutsideTheBaselinesSwingStillFiresAtTheConfiguredLimit() {
        Baseline b = noisy("error_rate", 0.9, 1.1, 1.0, 0.95, 1.05, 1.0);
        TriggerEvaluation e = new TriggerEvaluator(3).evaluate(errors, now(2.5, null), b, DEPLOY.plusSeconds(60));
        assertThat(e.status()).isEqualTo(TriggerStatus.FIRING);
        assertThat(e.threshold()).isEqualTo(2.0);
    }

    @Test
    void errorsThatOnlyFollowTrafficDoNotFire() {
        Baseline b = new Baseline("v1", DEPLOY.minusSeconds(600), DEPLOY, Map.of(
                "error_rate", MetricSummary.of(List.of(new Sample(DEPLOY.minusSeconds(400), 1.0))),
                "request_rate", MetricSummary.of(List.of(new Sample(DEPLOY.minusSeconds(400), 100.0)))));
        TriggerEvaluator evaluator = new TriggerEvaluator(0);
        TriggerEvaluation tripleTraffic = evaluator.evaluate(errors, trace(3.0, 300.0), b, DEPLOY.plusSeconds(60));
        TriggerEvaluation sameTraffic = evaluator.evaluate(errors, trace(3.0, 100.0), b, DEPLOY.plusSeconds(60));
        assertThat(tripleTraffic.status()).isEqualTo(TriggerStatus.HEALTHY);
        assertThat(tripleTraffic.baseline()).isEqualTo(3.0);
        assertThat(tripleTraffic.reason()).contains("per request");
        assertThat(sameTraffic.status()).isEqualTo(TriggerStatus.FIRING);
    }

    @Test
    void aSingleErrorAtNightIsNotADoublingOfAlmostNoErrors() {
        // 12 baseline samples of 5 minutes: one error in three of them (0.2 per minute), none in the rest
        List<Sample> errorsBefore = new java.util.ArrayList<>();
        for (int i = 12; i >= 1; i--) errorsBefore.add(new Sample(DEPLOY.minusSeconds(300L * i), i % 4 == 0 ? 0.2 : 0.0));
        List<Sample> withOne = new java.util.ArrayList<>(errorsBefore);
        withOne.add(new Sample(DEPLOY.plusSeconds(60), 0.4));
        List<Sample> withMany = new java.util.ArrayList<>(errorsBefore);
        withMany.add(new Sample(DEPLOY.plusSeconds(60), 1.4));
        Baseline b = new Baseline("v1", DEPLOY.minusSeconds(3600), DEPLOY, Map.of("error_rate", MetricSummary.of(errorsBefore)));
        TriggerEvaluator evaluator = new TriggerEvaluator(3);
        TriggerEvaluation two = evaluator.evaluate(errors, new Observations(Map.of("error_rate", new MetricSeries("error_rate", withOne))), b, DEPLOY.plusSeconds(60));
        TriggerEvaluation seven = evaluator.evaluate(errors, new Observations(Map.of("error_rate", new MetricSeries("error_rate", withMany))), b, DEPLOY.plusSeconds(60));
        assertThat(two.status()).as(two.reason()).isEqualTo(TriggerStatus.HEALTHY);
        assertThat(seven.status()).as(seven.reason()).isEqualTo(TriggerStatus.FIRING);
    }
}
