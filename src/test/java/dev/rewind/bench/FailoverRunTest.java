package dev.rewind.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.bench.TrafficRecorder.Shot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverRunTest {
    private static final long S = 1_000_000_000L;

    /** 10 rps: blue until 10 s, green from 10 s, the fault at 20 s, green fails every 3rd request until 23 s, then blue. */
    private static List<Shot> shots() {
        List<Shot> shots = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long t = i * S / 10;
            boolean green = t >= 10 * S && t < 23 * S;
            boolean failing = green && t >= 20 * S && i % 3 == 0;
            shots.add(new Shot(t, green ? "green" : "blue", failing ? 500 : 200));
        }
        return shots;
    }

    @Test
    void measuresFromTheFaultToTheLastRequestGreenAnsweredAndCountsFailuresAfterIt() {
        FailoverRun run = FailoverRun.measure("rewind", shots(), 20 * S, 2.5, 0);

        assertThat(run.restoredSeconds()).isCloseTo(2.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(run.failedAfterFault()).isEqualTo(10);
        assertThat(run.failedBeforeFault()).isZero();
        assertThat(run.sentAfterFault()).isEqualTo(100);
        assertThat(run.endedOnBlue()).isTrue();
        assertThat(run.meetsTarget()).isTrue();
    }

    @Test
    void restoredTimeIsUnknownWhenGreenStillServesAtTheEnd() {
        List<Shot> shots = new ArrayList<>(shots().subList(0, 220));
        FailoverRun run = FailoverRun.measure("alertmanager-tuned", shots, 20 * S, Double.NaN, null);

        assertThat(run.endedOnBlue()).isFalse();
        assertThat(run.restoredSeconds()).isNaN();
        assertThat(run.meetsTarget()).isFalse();
    }

    @Test
    void unansweredRequestsCountAsFailedButNotAsServedByAnyone() {
        List<Shot> shots = new ArrayList<>(shots());
        shots.add(new Shot(21 * S + 1, null, 0));
        FailoverRun run = FailoverRun.measure("rewind", shots, 20 * S, 1, 0);

        assertThat(run.failedAfterFault()).isEqualTo(11);
        assertThat(run.endedOnBlue()).isTrue();
    }
}
