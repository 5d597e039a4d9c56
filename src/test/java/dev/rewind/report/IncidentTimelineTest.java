package dev.rewind.report;

import static dev.rewind.report.IncidentFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.ActionLogEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentTimelineTest {

    @Test
    void readsRollbackStartTrafficRestoredAndRecoveryFromTheLog() {
        IncidentTimeline t = IncidentTimeline.fromActions(DEPLOYED, DETECTED, actions());

        assertThat(t.rollbackStartedAt()).isEqualTo(FLAG_OFF);
        assertThat(t.trafficRestoredAt()).isEqualTo(FLAG_OFF);
        assertThat(t.recoveredAt()).isEqualTo(VERIFIED);
    }

    @Test
    void aFailedFlagSwitchDoesNotRestoreTrafficTheRevertDoes() {
        List<ActionLogEntry> log = List.of(
                new ActionLogEntry("FLAG_DEACTIVATED", "failed", FLAG_OFF, Map.of()),
                new ActionLogEntry("REVERT", "success", REVERTED, Map.of()),
                new ActionLogEntry("METRICS_VERIFIED", "failed", VERIFIED, Map.of()));

        IncidentTimeline t = IncidentTimeline.fromActions(DEPLOYED, DETECTED, log);

        assertThat(t.rollbackStartedAt()).isEqualTo(FLAG_OFF);
        assertThat(t.trafficRestoredAt()).isEqualTo(REVERTED);
        assertThat(t.recoveredAt()).isNull();
    }
}
