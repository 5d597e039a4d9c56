package dev.rewind.controller;

import static dev.rewind.controller.ShopIncident.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A firing Alertmanager alert reaches the watch as a finding and is decided like a metric trigger. */
class ExternalFindingTest {
    @TempDir
    Path dir;

    private static Finding alert(Instant at, AutomationLevel automation) {
        return new Finding("HighCheckoutLatency", "checkout_latency", Severity.CRITICAL, automation, null, 2.4, 1.0, at, "alertmanager: checkout p99 2.4s");
    }

    @Test
    void aFullAutomationAlertRollsBackAHealthyLookingReleaseAtTheNextCheck() {
        ShopIncident incident = new ShopIncident(dir, Fault.NONE);
        incident.deploy();
        Instant alertAt = DEPLOY.plus(Duration.ofMinutes(7)).plusSeconds(20);
        ReleaseWatcher.Outcome outcome = incident.watcher().watch(incident.release, incident.baseline, Duration.ofMinutes(30), check -> { },
                () -> incident.time.now().isBefore(alertAt) ? List.of() : List.of(alert(alertAt, AutomationLevel.FULL)));

        assertThat(outcome.decision()).isInstanceOf(Decision.Rollback.class);
        assertThat(outcome.decision().at()).isEqualTo(DEPLOY.plus(Duration.ofMinutes(8)));
        assertThat(outcome.findings()).extracting(Finding::trigger).containsExactly("HighCheckoutLatency");
    }

    @Test
    void aSemiAutomationAlertAsksForApprovalInstead() {
        ShopIncident incident = new ShopIncident(dir, Fault.NONE);
        incident.deploy();
        ReleaseWatcher.Outcome outcome = incident.watcher().watch(incident.release, incident.baseline, Duration.ofMinutes(30), check -> { },
                () -> List.of(alert(incident.time.now(), AutomationLevel.SEMI)));

        assertThat(outcome.decision().code()).isEqualTo("approval_required");
        assertThat(outcome.checks()).isEqualTo(1);
    }
}
