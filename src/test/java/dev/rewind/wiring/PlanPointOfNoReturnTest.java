package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.Actuators;
import dev.rewind.act.DatabaseActuator;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.PlanLoader;
import dev.rewind.decide.RollbackDecider;
import dev.rewind.integrations.liquibase.Changelogs;
import dev.rewind.integrations.postgres.PostgresBackups;
import dev.rewind.integrations.postgres.PostgresConnector;
import dev.rewind.integrations.postgres.PostgresGuard;
import dev.rewind.integrations.postgres.PostgresServer;
import dev.rewind.integrations.postgres.PostgresSettings;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.Release;
import dev.rewind.model.Severity;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's point of no return, measured on a real PostgreSQL from the migrations Liquibase applied: a release with a
 * changeset that has no rollback is fixed forward by the decider; a fully reversible one is rolled back.
 */
class PlanPointOfNoReturnTest {
    static PostgresServer pg;
    static final Instant T0 = Instant.parse("2026-01-26T10:00:00Z");

    @TempDir
    Path backups;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    private static String plan(String database) {
        return """
                metadata: {operation_id: op-ponr, name: shop 2.4.0, owner: sre, certification_level: 2}
                operation: {summary: a schema change, deployment_type: database_migration, services: [shop]}
                decision:
                  point_of_no_return: {description: the 2.4.0 migrations ran, database: %s, since_tag: "2.3.1"}
                  fix_forward: [Ship 2.4.1 with a compensating migration]
                phases:
                  - id: app
                    steps:
                      - {id: revert, action: revert, estimate: 1m, timeout: 5m}
                """.formatted(database);
    }

    private record Env(EnvironmentConfig config, Actuators actuators) {
    }

    private Env migrated(String changelog, String planDatabase) throws Exception {
        String name = pg.createDatabase("ponr_" + Long.toHexString(System.nanoTime()));
        PostgresConnector connector = new PostgresConnector(PostgresSettings.from(pg.block("liquibase", pg.settings(name, backups))));
        Changelogs.update(connector, changelog);
        DatabaseActuator db = new DatabaseActuator(new PostgresGuard(connector, new SystemTimeSource()),
                Optional.of(Changelogs.migrator(connector, changelog)), Optional.of(new PostgresBackups(connector)), List.of());
        var file = new PlanLoader(v -> null).parse("plan.yaml", plan(planDatabase == null ? name : planDatabase));
        return new Env(EnvironmentWiring.builtInDemo("staging").withPlan(file), Actuators.none().withDatabase(db));
    }

    private static Decision decide(Release release) {
        Finding critical = new Finding("error_rate", "error_rate", Severity.CRITICAL, AutomationLevel.FULL, 0.5, 5.2, 1.0, Instant.now(), "test");
        return new RollbackDecider().decide(List.of(critical), release, Instant.now());
    }

    private static Release release() {
        return new Release("shop", "staging", "2.4.0", "2.3.1", T0, List.of(), null, 100, null);
    }

    @Test
    void aMigrationWithoutARollbackMakesTheDecisionFixForward() throws Exception {
        Env env = migrated("irreversible", null);
        PlanPointOfNoReturn p = PlanPointOfNoReturn.measure(env.config(), env.actuators(), release());
        assertThat(p.past()).isTrue();
        assertThat(p.found().why()).contains("fix forward");
        assertThat(p.release().pointOfNoReturn()).isNotNull();
        assertThat(decide(p.release())).isInstanceOf(Decision.FixForward.class);
        assertThat(PlanPointOfNoReturn.alternatives(env.config())).containsExactly("Ship 2.4.1 with a compensating migration");
    }

    @Test
    void aReversibleReleaseIsStillRolledBack() throws Exception {
        Env env = migrated("reversible", null);
        PlanPointOfNoReturn p = PlanPointOfNoReturn.measure(env.config(), env.actuators(), release());
        assertThat(p.past()).isFalse();
        assertThat(decide(p.release())).isInstanceOf(Decision.Rollback.class);
    }

    @Test
    void aPlanNamingAnotherDatabaseIsRefusedAtItsField() throws Exception {
        Env env = migrated("reversible", "billing");
        assertThatThrownBy(() -> PlanPointOfNoReturn.measure(env.config(), env.actuators(), release()))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("decision.point_of_no_return.database");
                    assertThat(e.line()).isEqualTo(4);
                });
    }
}
