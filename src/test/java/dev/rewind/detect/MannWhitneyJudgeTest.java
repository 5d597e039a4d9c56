package dev.rewind.detect;

import dev.rewind.model.Aggregation;
import dev.rewind.model.Baseline;
import dev.rewind.model.Comparison;
import dev.rewind.model.Observations;
import dev.rewind.model.Sample;
import dev.rewind.model.Threshold;
import dev.rewind.model.Trigger;
import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.rewind.detect.TriggerEvaluatorTest.DEPLOY;
import static dev.rewind.detect.TriggerEvaluatorTest.obs;
import static dev.rewind.detect.TriggerEvaluatorTest.trigger;
import static org.assertj.core.api.Assertions.assertThat;

class MannWhitneyJudgeTest {
    private final Trigger latency = trigger("p95_latency_ms", Comparison.GREATER_THAN, new Threshold.RelativeToBaseline(1.1), Aggregation.MEAN, Duration.ofMinutes(5), false);
    private final Instant now = DEPLOY.plusSeconds(300);

    /** 10 baseline samples, then 5 after the deploy; {@code after} gives those five. */
    private Observations trace(double... after) {
        List<Sample> s = new ArrayList<>();
        double[] before = {100, 140, 90, 150, 95, 145, 100, 150, 92, 148};
        for (int i = 0; i < before.length; i++) s.add(new Sample(DEPLOY.minusSeconds(60L * (before.length - i)), before[i]));
        for (int i = 0; i < after.length; i++) s.add(new Sample(DEPLOY.plusSeconds(60L * (i + 1)), after[i]));
        return obs("p95_latency_ms", s);
    }

    private TriggerEvaluation fire(Observations o, Baseline b) {
        TriggerEvaluation e = new TriggerEvaluator(0).evaluate(latency, o, b, now);
        assertThat(e.status()).as(e.reason()).isEqualTo(TriggerStatus.FIRING);
        return e;
    }

    @Test
    void addsThePValueWithoutOverrulingTheRuleByDefault() {
        Observations o = trace(150, 145, 150, 148, 150); // mean 148.6 > 121 x 1.1, yet inside the baseline's spread
        Baseline b = new BaselineCalculator(1).calculate(o, "v1", DEPLOY, Duration.ofMinutes(10));
        TriggerEvaluation judged = new MannWhitneyJudge(null).judge(fire(o, b), o, b);
        assertThat(judged.status()).isEqualTo(TriggerStatus.FIRING);
        assertThat(judged.reason()).contains("Mann-Whitney p=").contains("5 vs 10 samples");
    }

    @Test
    void suppressesAFindingThatIsNotSignificantOnlyWhenConfigured() {
        Observations o = trace(150, 145, 150, 148, 150);
        Baseline b = new BaselineCalculator(1).calculate(o, "v1", DEPLOY, Duration.ofMinutes(10));
        TriggerEvaluation judged = new MannWhitneyJudge(0.01).judge(fire(o, b), o, b);
        assertThat(judged.status()).isEqualTo(TriggerStatus.HEALTHY);
        assertThat(judged.reason()).contains("suppressed");
    }

    @Test
    void keepsASignificantShiftFiringEvenWhenSuppressionIsOn() {
        Observations o = trace(300, 310, 305, 320, 315);
        Baseline b = new BaselineCalculator(1).calculate(o, "v1", DEPLOY, Duration.ofMinutes(10));
        TriggerEvaluation judged = new MannWhitneyJudge(0.01).judge(fire(o, b), o, b);
        assertThat(judged.status()).isEqualTo(TriggerStatus.FIRING);
        assertThat(judged.reason()).doesNotContain("suppressed");
    }
}
