package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.integrations.builtin.BuiltinFlagStore;
import dev.rewind.store.AuditEntry;
import dev.rewind.store.RewindStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rewind maintenance status|off} on an environment whose maintenance is a flag in the built-in flag store's file. */
class MaintenanceCommandTest {
    @TempDir
    Path dir;
    private Path config;
    private Path flags;
    private Path store;

    @BeforeEach
    void heldInMaintenance() throws Exception {
        flags = dir.resolve("flags.json");
        Files.writeString(flags, "{\"flags\": {\"maintenance_mode\": true}}");
        store = dir.resolve("rewind.db");
        config = dir.resolve("rewind.yaml");
        Files.writeString(config, """
                environments:
                  production:
                    service: shop
                    strategy: rolling_update
                    deployer: {type: kubernetes, deployment: shop, namespace: shop}
                    health_url: http://127.0.0.1:1/health
                    flags: {type: builtin, file: %s}
                    maintenance: {via: flag, flag: maintenance_mode}
                  staging:
                    service: shop
                    strategy: rolling_update
                    deployer: {type: kubernetes, deployment: shop, namespace: shop}
                    health_url: http://127.0.0.1:1/health
                """.formatted(flags));
    }

    private boolean flagOn() {
        return new BuiltinFlagStore(flags).isEnabled("maintenance_mode");
    }

    @Test
    void statusSaysTheEnvironmentIsInMaintenance() {
        Cli c = Cli.run("maintenance", "status", "--config", config.toString(), "--environment", "production");

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("production: IN MAINTENANCE (flag maintenance_mode)");
    }

    @Test
    void productionNeedsAReasonAndNothingChangesWithoutOne() {
        Cli c = Cli.run("maintenance", "off", "--config", config.toString(), "--environment", "production", "--store", store.toString());

        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("--reason", "needs a reason");
        assertThat(flagOn()).isTrue();
    }

    @Test
    void offEndsMaintenanceAndTheAuditTrailSaysWhoAndWhy() {
        Cli c = Cli.run("maintenance", "off", "--config", config.toString(), "--environment", "production", "--store", store.toString(),
                "--reason", "2.3.1 checked by hand");

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("maintenance OFF: flag maintenance_mode OFF");
        assertThat(flagOn()).isFalse();
        try (RewindStore s = RewindStore.open(store)) {
            assertThat(s.audit().entries()).filteredOn(e -> e.action().equals("maintenance.off")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("via=flag", "reason=2.3.1 checked by hand", "outcome=ended"))
                    .extracting(AuditEntry::target).isEqualTo("shop/production");
        }
        Cli again = Cli.run("maintenance", "off", "--config", config.toString(), "--environment", "production", "--store", store.toString(),
                "--reason", "twice");
        assertThat(again.out()).contains("not in maintenance", "nothing changed");
    }

    @Test
    void anEnvironmentWithoutAMaintenanceBlockIsBadInputNamingTheField() {
        Cli c = Cli.run("maintenance", "off", "--config", config.toString(), "--environment", "staging", "--store", store.toString());

        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("environments.staging.maintenance", "no maintenance: block");
    }
}
