package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.PlanOptions;
import dev.rewind.act.Strategy;
import dev.rewind.model.Decision;
import dev.rewind.model.UnreachableException;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollback that acted always ends with a result: a metric source gone after the switch does not take the report with it. */
class ReportAfterBlindRollbackTest {
    @TempDir
    Path dir;

    @Test
    void theReportIsWrittenAndTheHistoryClosedWhenTheChartsMetricsCannotBeRead() throws Exception {
        ShopIncident incident = new ShopIncident(dir, Fault.ERROR_SPIKE).deploy();
        Decision.Rollback decision = (Decision.Rollback) incident.watch(Duration.ofMinutes(30)).decision();
        RollbackCase c = new RollbackCase(incident.release, Strategy.BLUE_GREEN, PlanOptions.defaults(), incident.baseline,
                decision.findings(), decision.at(), decision.reason(), "rewind", dir.resolve("out"));

        RollbackPipeline.Done done = incident.pipeline().run(c,
                restoredAt -> {
                    throw new UnreachableException("http://prometheus:9090/api/v1/query_range", "connection refused or failed", null);
                },
                () -> {
                    throw new UnreachableException("http://prometheus:9090/api/v1/query_range", "connection refused or failed", null);
                });

        assertThat(Files.exists(done.report().incidentReport())).isTrue();
        assertThat(Files.exists(dir.resolve("out/rollback_result.yaml"))).isTrue();
        RollbackRecord row = incident.store.history().find(done.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(done.result().status().label()).isNotEqualTo("running");
        assertThat(row.reportPath()).isNotNull();
        assertThat(incident.store.journal().entries(done.id())).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("REPORT_DATA");
            assertThat(e.detail()).contains("metrics for the incident chart could not be read", "connection refused");
        });
        assertThat(incident.store.audit().entries()).extracting(e -> e.action()).containsExactly("rollback.started", "rollback.finished");
    }

    @Test
    void aReleaseRegistryThatFailsAfterTheRollbackActedCostsNeitherTheReportNorTheHistoryRow() throws Exception {
        ShopIncident incident = new ShopIncident(dir, Fault.ERROR_SPIKE).deploy();
        Decision.Rollback decision = (Decision.Rollback) incident.watch(Duration.ofMinutes(30)).decision();
        RollbackCase c = new RollbackCase(incident.release, Strategy.BLUE_GREEN, PlanOptions.defaults(), incident.baseline,
                decision.findings(), decision.at(), decision.reason(), "rewind", dir.resolve("out"));
        // the registry is the only table gone: the history, the audit trail and the journal still work
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + incident.store.path()); var sql = db.createStatement()) {
            sql.execute("DROP TABLE releases");
        }

        RollbackPipeline.Done done = incident.pipeline().run(c, restoredAt -> new dev.rewind.model.Observations(java.util.Map.of()), java.util.Map::of);

        assertThat(done.result().status().rolledBack()).isTrue();
        assertThat(Files.exists(dir.resolve("out/rollback_result.yaml"))).isTrue();
        RollbackRecord row = incident.store.history().find(done.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(done.result().status().label());
        assertThat(incident.store.journal().entries(done.id())).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("BOOKKEEPING");
            assertThat(e.state()).isEqualTo("failed");
            assertThat(e.detail()).contains("release registry could not record the rollback", "releases");
        });
    }
}
