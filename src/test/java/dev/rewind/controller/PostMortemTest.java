package dev.rewind.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Change;
import dev.rewind.store.Integrity;
import dev.rewind.time.ManualTimeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** After a rollback in server mode, seed 001's post-mortem lies beside the report, and the report carries it too. */
class PostMortemTest {
    @TempDir
    Path dir;

    @Test
    void aRolledBackReleasesPostMortemHoldsItsTriggersChangesMetricsAndJournalExcerpt() throws Exception {
        ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
        ShopFleet shop = new ShopFleet(dir, time, Fault.ERROR_SPIKE);
        Fleet fleet = new Fleet(shop.store, time, shop.environments(), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, null);
        shop.ship();
        fleet.register(new Registration("production", "2.4.0", null, null,
                List.of(new Change("commit", "f0a1b2c", "New error handling in checkout", List.of("handler", "error"))), null, ""), null, "olga");
        for (int i = 0; i < 60; i++) {
            time.advance(Duration.ofSeconds(10));
            fleet.tick();
        }
        String id = shop.store.history().list(1).getFirst().id();

        JsonNode pm = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("out").resolve(id).resolve("post-mortem.json")));
        String report = Files.readString(dir.resolve("out").resolve(id).resolve("incident-report.md"));

        assertThat(pm.path("deployment_id").asString()).isEqualTo("shop/production/2.4.0");
        assertThat(pm.path("triggers").get(0).path("type").asString()).isEqualTo("error_rate");
        assertThat(pm.path("changes_deployed").get(0).path("id").asString()).isEqualTo("f0a1b2c");
        assertThat(pm.path("root_cause_hypothesis").asString()).contains("f0a1b2c");
        JsonNode errors = pm.path("metrics_snapshot").path("error_rate");
        assertThat(errors.path("baseline").asDouble()).isEqualTo(0.37);
        assertThat(errors.path("peak").asDouble()).isEqualTo(20.0);
        assertThat(errors.path("after_rollback").asDouble()).isEqualTo(0.37);
        assertThat(pm.path("logs_excerpt").size()).isBetween(5, 100);
        assertThat(pm.path("logs_excerpt").toString()).contains("TRAFFIC_SWITCHED", "journal");
        assertThat(pm.path("duration_minutes").asLong()).isPositive();
        assertThat(report).contains("## Post-Mortem Data", "### Metrics Snapshot", "| error_rate | 0.37 |", "### Log Excerpt", "```text");
        assertThat(Integrity.verify(shop.store, List.of()).intact()).as("the report's hash is of the report with its post-mortem").isTrue();
    }
}
