package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual rollbacks through the real command line. The demo environment is real processes on loopback,
 * so these take seconds of wall time; nothing asserts on speed.
 */
class RollbackCommandTest {

    @Test
    void aProductionRollbackWithoutAReasonIsRefusedBeforeAnythingHappens(@TempDir Path dir) {
        Cli cli = Cli.run("rollback", "--environment", "production", "--store", dir.resolve("s.db").toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("production rollback needs a reason");
        assertThat(dir.resolve("s.db")).doesNotExist();
    }

    @Test
    void anEnvironmentMarkedProductionInConfigNeedsAReasonToo(@TempDir Path dir) {
        Cli cli = Cli.run("rollback", "--config", Path.of("examples/demo-production.yaml").toString(), "--environment", "production",
                "--store", dir.resolve("s.db").toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("needs a reason");
    }

    @Test
    void anUnknownEnvironmentIsNamed(@TempDir Path dir) {
        Cli cli = Cli.run("rollback", "--environment", "staging", "--store", dir.resolve("s.db").toString());
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("'staging'").contains("demo");
    }

    /**
     * The reproduction: a configured environment, an empty store, and --to. The steps ran, then the bookkeeping threw
     * "no release shop unknown", so no report was written and the history row stayed "running". The operator knows
     * what runs; the rollback goes through, and the store learns the target as current.
     */
    @Test
    void aManualRollbackFromAVersionTheStoreNeverSawEndsWithAResultAndRecordsTheTarget(@TempDir Path dir) throws Exception {
        Path flags = dir.resolve("flags.json");
        Path cfg = Files.writeString(dir.resolve("shop.yaml"), """
                environments:
                  shop:
                    service: shop
                    strategy: feature_flag
                    feature_flag: new-checkout
                    flags: {type: builtin, file: "%s", flags: {new-checkout: true}}
                """.formatted(flags));
        Path store = dir.resolve("s.db");
        Path out = dir.resolve("out");

        Cli cli = Cli.run("rollback", "--config", cfg.toString(), "--environment", "shop", "--to", "2.3.1", "--notify", "false",
                "--store", store.toString(), "--out", out.toString());

        assertThat(cli.err()).doesNotContain("Exception").doesNotContain("no release");
        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4); // rolled back; no metric source to verify with
        assertThat(cli.out()).contains("no current release of shop in shop is recorded").contains("Status: success_unverified");
        assertThat(Files.readString(flags)).contains("\"new-checkout\" : false");
        assertThat(Files.readString(out.resolve("rollback_result.yaml"))).contains("status: \"success_unverified\"").contains("reverted_to: \"2.3.1\"");
        RewindStore s = RewindStore.open(store);
        assertThat(s.history().list(10)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("success_unverified");
            assertThat(r.toVersion()).isEqualTo("2.3.1");
        });
        assertThat(s.releases().current("shop", "shop")).get().extracting(ReleaseRecord::version).isEqualTo("2.3.1");
    }

    @Test
    void aDryRunPrintsTargetPlanAndImpactAndChangesNothing(@TempDir Path dir) {
        Path store = dir.resolve("s.db");
        Cli cli = Cli.run("rollback", "--environment", "demo", "--dry-run", "--store", store.toString(), "--out", dir.resolve("out").toString());
        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).contains("selected rollback target: 2.3.1").contains("Validation gates").contains("switch-traffic")
                .contains("Impact assessment").contains("downtime: 0 s").contains("nothing was changed");
        assertThat(RewindStore.open(store).history().list(10)).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void rollsTheDemoBackToTheLastStableThenToANamedVersionAndKeepsHistory(@TempDir Path dir) throws Exception {
        String store = dir.resolve("s.db").toString();
        String out = dir.resolve("out").toString();
        Cli first = Cli.run("rollback", "--environment", "demo", "--reason", "support sees checkout errors", "--store", store, "--out", out);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("selected rollback target: 2.3.1 (last stable release)").contains("Status: success");

        Cli second = Cli.run("rollback", "--environment", "demo", "--to", "2.2.0", "--immediate", "--store", store, "--out", out);
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("selected rollback target: 2.2.0 (--to)").doesNotContain("Validation gates");

        List<RollbackRecord> rows = RewindStore.open(dir.resolve("s.db")).history().list(10);
        assertThat(rows).extracting(RollbackRecord::toVersion).containsExactly("2.2.0", "2.3.1");
        assertThat(rows).extracting(RollbackRecord::status).containsOnly("success");
        assertThat(rows.get(1).reason()).isEqualTo("support sees checkout errors");

        Cli history = Cli.run("history", "--store", store);
        assertThat(history.exit()).isZero();
        assertThat(history.out()).contains(rows.get(0).id()).contains(rows.get(1).id()).contains("2.4.0 -> 2.3.1").contains("2 successful");

        Cli report = Cli.run("report", rows.get(1).id().substring(0, 20), "--store", store, "--out", out);
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.out()).contains("# Rollback Report").contains("feature flag new-checkout turned off")
                .contains("traffic switched 2.4.0 → 2.3.1").contains("metrics back at baseline after");
        assertThat(Files.readString(Path.of(out, "rollback_result.yaml"))).contains("reverted_to: \"2.2.0\"");
    }
}
