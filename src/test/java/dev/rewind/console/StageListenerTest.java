package dev.rewind.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.console.StagePrinter;
import dev.rewind.model.Alert;
import dev.rewind.model.Phase;
import dev.rewind.model.Severity;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** The executor's progress printed as seed 002's stages: one per phase, a marked line per step, its duration. */
class StageListenerTest {

    @Test
    void printsAStagePerPhaseWithEachStepsOutcomeAndTheMeasuredDurations() {
        StringWriter text = new StringWriter();
        StageListener listener = new StageListener(new StagePrinter(new PrintWriter(text, true), Ansi.OFF));
        Step flag = new Step("disable-flag", "feature flag new-checkout OFF", new StepAction.DisableFlag("new-checkout"), Duration.ofMinutes(1), Duration.ofSeconds(5), false);
        Step switchTraffic = new Step("switch-traffic", "all traffic 2.4.0 -> 2.3.1", new StepAction.SwitchTraffic("shop", "2.4.0", "2.3.1"),
                Duration.ofMinutes(1), Duration.ofSeconds(10), true);
        Phase stop = new Phase("Stop impact", "turn the new code off at once", List.of(flag));
        Phase traffic = new Phase("Traffic", "no new requests reach 2.4.0", List.of(switchTraffic));

        listener.phaseStarted(stop);
        listener.stepFinished(stop, flag, new StepOutcome.Failed("flag service said 503"), Duration.ofMillis(40));
        listener.alerted(new Alert(Severity.CRITICAL, "Feature flag new-checkout could not be turned off", "", Instant.EPOCH, Map.of()));
        listener.phaseFinished(stop, Duration.ofMillis(45), false);
        listener.phaseStarted(traffic);
        listener.stepFinished(traffic, switchTraffic, new StepOutcome.Succeeded("traffic 2.4.0 -> 2.3.1"), Duration.ofMillis(4));
        listener.phaseFinished(traffic, Duration.ofMillis(6), true);

        String out = text.toString();
        assertThat(out).contains("Stage 1: Stop impact").contains("Stage 2: Traffic");
        // a failed step that does not halt the plan is a warning, not a failure: the rollback goes on
        assertThat(out).contains("⚠ feature flag new-checkout OFF (40ms)").contains("flag service said 503");
        assertThat(out).contains("✘ ALERT [critical] Feature flag new-checkout could not be turned off");
        assertThat(out).contains("✔ all traffic 2.4.0 -> 2.3.1 (4ms)").contains("Duration: 6ms");
        assertThat(out.indexOf("Stage 1")).isLessThan(out.indexOf("Stage 2"));
        assertThat(out).doesNotContain("\u001B[");
    }
}
