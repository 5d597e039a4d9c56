package dev.rewind.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.StepOutcome;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A hung call is cut off at its limit (real time: the world hangs in real time). The limits here are a fraction of a
 * second; nothing asserts how fast, only what the outcome says.
 */
class StepDeadlineTest {

    @Test
    void aCallThatEndsInTimeKeepsItsOutcome() {
        StepOutcome o = StepDeadline.run(Duration.ofSeconds(30), "switch", () -> new StepOutcome.Succeeded("switched", java.util.Map.of()));
        assertThat(o).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(o.detail()).isEqualTo("switched");
    }

    @Test
    void aHungCallThatHonoursItsInterruptIsCutOffAndMayBeRetried() {
        AtomicBoolean interrupted = new AtomicBoolean();
        StepOutcome o = StepDeadline.run(Duration.ofMillis(200), Duration.ofSeconds(30), "switch", () -> {
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS); // a socket read that never answers
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return new StepOutcome.Succeeded("late", java.util.Map.of());
        });
        assertThat(o).isInstanceOf(StepOutcome.Failed.class);
        assertThat(o.detail()).startsWith("timed out after 0.2s: the call was still running and was interrupted");
        assertThat(o.data()).containsEntry(StepDeadline.TIMED_OUT, true).containsEntry(StepRunner.RETRYABLE, true);
        assertThat(interrupted).isTrue();
    }

    @Test
    void aCallThatIgnoresItsInterruptIsNotRetriedSoTwoCallsNeverActAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        StepOutcome o = StepDeadline.run(Duration.ofMillis(100), Duration.ofMillis(300), "deploy", () -> {
            boolean done = false;
            while (!done) {
                try {
                    done = release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // a client library that swallows the interrupt and carries on
                }
            }
            finished.set(true);
            return new StepOutcome.Succeeded("deployed late", java.util.Map.of());
        });
        try {
            assertThat(o).isInstanceOf(StepOutcome.Failed.class);
            assertThat(o.detail()).contains("the call went on after it was interrupted", "not retried");
            assertThat(o.data()).containsEntry(StepRunner.RETRYABLE, false);
            assertThat(finished).as("still running when the outcome was given").isFalse();
        } finally {
            release.countDown();
        }
    }
}
