package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Alert;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.Release;
import dev.rewind.report.notify.Notification;
import dev.rewind.wiring.EnvironmentWiring;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When watch asks for approval, the channels hear it as awaiting_approval, with the release as the incident. */
class WatchApprovalAlertTest {

    @Test
    void anApprovalRequestIsAnAwaitingApprovalAlertAboutTheRelease() {
        Instant at = Instant.parse("2026-01-26T10:12:00Z");
        Release release = new Release("shop", "demo", "2.4.0", "2.3.1", at.minusSeconds(600), List.of(), null, 100, null);
        Decision.AwaitApproval decision = new Decision.AwaitApproval(at, List.of(Finding.manual("p95 latency 1.6x baseline", at)), "latency is semi-automatic");

        Alert alert = WatchCommand.approvalAlert(EnvironmentWiring.builtInDemo(), release, decision);

        assertThat(AlertEvent.of(alert)).isEqualTo(AlertEvent.AWAITING_APPROVAL);
        assertThat(alert.title()).isEqualTo("Rollback awaiting approval: shop 2.4.0 in demo");
        assertThat(alert.body()).contains("bin/rewind rollback --environment demo --to 2.3.1");
        Notification n = Notification.of(alert);
        assertThat(n.versions()).isEqualTo("2.4.0 → 2.3.1");
        assertThat(n.trigger()).isEqualTo("manual");
        assertThat(n.incidentKey()).isEqualTo("rewind/shop/demo/2.4.0");
    }
}
