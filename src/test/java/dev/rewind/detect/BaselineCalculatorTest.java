package dev.rewind.detect;

import dev.rewind.model.Baseline;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.rewind.detect.TriggerEvaluatorTest.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

class BaselineCalculatorTest {

    @Test
    void usesOnlySamplesFromTheWindowBeforeTheDeployAndNotTheDeployItself() {
        MetricSeries errors = new MetricSeries("error_rate", List.of(
                new Sample(DEPLOY.minusSeconds(600), 100), new Sample(DEPLOY.minusSeconds(300), 1),
                new Sample(DEPLOY.minusSeconds(60), 3), new Sample(DEPLOY, 50), new Sample(DEPLOY.plusSeconds(60), 70)));
        MetricSeries late = new MetricSeries("p95_latency_ms", List.of(new Sample(DEPLOY.plusSeconds(60), 300)));
        Baseline b = new BaselineCalculator(1).calculate(new Observations(Map.of("error_rate", errors, "p95_latency_ms", late)), "v1", DEPLOY, Duration.ofMinutes(5));
        assertThat(b.means()).containsExactly(Map.entry("error_rate", 2.0));
        assertThat(b.metrics().get("error_rate").count()).isEqualTo(2);
        assertThat(b.version()).isEqualTo("v1");
        assertThat(b.from()).isEqualTo(DEPLOY.minusSeconds(300));
    }

    @Test
    void aMetricWhoseAggregatesOverflowHasNoBaselineRatherThanAnInfiniteOne() {
        // A8: rows of 1e308 made the baseline Infinity, so a relative trigger could never fire
        MetricSeries errors = new MetricSeries("error_rate", List.of(new Sample(DEPLOY.minusSeconds(120), 1e308), new Sample(DEPLOY.minusSeconds(60), 1e308)));
        MetricSeries fine = new MetricSeries("p95_latency_ms", List.of(new Sample(DEPLOY.minusSeconds(60), 300)));

        Baseline b = new BaselineCalculator(1).calculate(new Observations(Map.of("error_rate", errors, "p95_latency_ms", fine)), "v1", DEPLOY, Duration.ofMinutes(5));

        assertThat(b.metrics()).containsOnlyKeys("p95_latency_ms");
    }

    @Test
    void widensACoarseWindowToTheLatestSamplesBeforeTheDeploy() {
        List<Sample> samples = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) samples.add(new Sample(DEPLOY.minusSeconds(300L * i), i));
        samples.add(new Sample(DEPLOY, 1000));
        Baseline b = new BaselineCalculator(4).calculate(new Observations(Map.of("error_rate", new MetricSeries("error_rate", samples))), "v1", DEPLOY, Duration.ofMinutes(5));
        // the window [deploy-5m, deploy) holds one sample (value 1); the four latest before the deploy are 4, 3, 2, 1
        assertThat(b.metrics().get("error_rate").count()).isEqualTo(4);
        assertThat(b.means()).containsEntry("error_rate", 2.5);
    }
}
