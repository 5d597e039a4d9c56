package dev.rewind.integrations.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.decide.PointOfNoReturn;
import dev.rewind.integrations.postgres.PostgresConnector;
import dev.rewind.integrations.postgres.PostgresServer;
import dev.rewind.model.AppliedChangeSet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real changelogs, applied and rolled back on a real PostgreSQL (on SQLite, Liquibase has reported a rollback it did not do). */
class LiquibaseMigratorTest {
    static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
    }

    private static PostgresConnector migrated(String changelog) throws Exception {
        String db = pg.createDatabase(changelog.replace('-', '_') + "_" + Long.toHexString(System.nanoTime()));
        PostgresConnector connector = pg.connector(db);
        Changelogs.update(connector, changelog);
        return connector;
    }

    private static List<String> columns(PostgresConnector connector, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connector.open(); var ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aFullyReversibleReleaseRollsBackToItsTagAndTheSchemaIsWhatItWasThen() throws Exception {
        PostgresConnector connector = migrated("reversible");
        LiquibaseMigrator migrator = Changelogs.migrator(connector, "reversible");
        assertThat(columns(connector, "users")).containsExactly("id", "email", "name");
        assertThat(columns(connector, "orders")).containsExactly("id", "user_id");

        assertThat(migrator.tags()).containsExactly("2.3.1");
        List<AppliedChangeSet> since = migrator.appliedSince("2.3.1");
        // Liquibase undoes the tagDatabase changeset that set the tag too (it changes no schema), so it is listed.
        assertThat(since).extracting(AppliedChangeSet::id).containsExactly("2-release-2.3.1", "3-orders", "4-users-name", "5-drop-legacy-flag");
        assertThat(since).allMatch(AppliedChangeSet::reversible);
        assertThat(since.getFirst().file()).isEqualTo("db/changelog.yaml");
        assertThat(since.getFirst().tag()).isEqualTo("2.3.1");
        assertThat(since.getFirst().executedAt()).isNotNull();
        assertThat(PointOfNoReturn.of(since, "tag 2.3.1").past()).isFalse();

        List<AppliedChangeSet> undone = migrator.rollbackToTag("2.3.1");

        assertThat(undone).extracting(AppliedChangeSet::id).containsExactly("5-drop-legacy-flag", "4-users-name", "3-orders", "2-release-2.3.1");
        assertThat(columns(connector, "users")).containsExactly("id", "email", "legacy_flag");
        assertThat(columns(connector, "orders")).isEmpty();
        assertThat(migrator.tags()).isEmpty();
        assertThat(migrator.lastApplied(1)).extracting(AppliedChangeSet::id).containsExactly("1-users");
    }

    @Test
    void rollingBackByCountUndoesExactlyThatManyChangesetsNewestFirst() throws Exception {
        PostgresConnector connector = migrated("reversible");
        LiquibaseMigrator migrator = Changelogs.migrator(connector, "reversible");
        assertThat(migrator.lastApplied(2)).extracting(AppliedChangeSet::id).containsExactly("4-users-name", "5-drop-legacy-flag");

        assertThat(migrator.rollbackCount(2)).extracting(AppliedChangeSet::id).containsExactly("5-drop-legacy-flag", "4-users-name");
        assertThat(columns(connector, "users")).containsExactly("id", "email", "legacy_flag");
        assertThat(columns(connector, "orders")).containsExactly("id", "user_id");
        assertThatThrownBy(() -> migrator.lastApplied(9)).hasMessageContaining("holds 3");
    }

    @Test
    void aSqlChangeWithoutARollbackIsThePointOfNoReturn() throws Exception {
        PostgresConnector connector = migrated("irreversible");
        LiquibaseMigrator migrator = Changelogs.migrator(connector, "irreversible");

        List<AppliedChangeSet> since = migrator.appliedSince("2.3.1");

        assertThat(since).extracting(AppliedChangeSet::id).containsExactly("2-release-2.3.1", "3-users-name", "4-normalise-emails", "5-users-index");
        assertThat(since).extracting(AppliedChangeSet::reversible).containsExactly(true, true, false, true);
        assertThat(since.get(2).irreversible()).isEqualTo("has no rollback (sql without a rollback block)");
        PointOfNoReturn p = PointOfNoReturn.of(since, "tag 2.3.1");
        assertThat(p.past()).isTrue();
        assertThat(p.changeSet().key()).isEqualTo("db/changelog.xml::4-normalise-emails::shop");
        assertThat(p.at()).isEqualTo(since.get(2).executedAt());
        // Undoing only the reversible index stays possible.
        assertThat(PointOfNoReturn.of(migrator.lastApplied(1), "the last changeset").past()).isFalse();
    }

    @Test
    void anUnknownTagIsRefusedBeforeAnythingIsRolledBack() throws Exception {
        PostgresConnector connector = migrated("reversible");
        LiquibaseMigrator migrator = Changelogs.migrator(connector, "reversible");
        assertThatThrownBy(() -> migrator.appliedSince("9.9.9")).hasMessageContaining("no migration tag '9.9.9'");
        assertThatThrownBy(() -> migrator.rollbackToTag("9.9.9")).hasMessageContaining("9.9.9");
        assertThat(columns(connector, "orders")).containsExactly("id", "user_id");
    }

    @Test
    void aChangesetGoneFromTheChangelogCountsAsIrreversible() throws Exception {
        PostgresConnector connector = migrated("reversible");
        // The same history read against a changelog that no longer lists those changesets.
        LiquibaseMigrator other = new LiquibaseMigrator(connector::open, Changelogs.dir("failing-rollback"), "db/changelog.yaml");
        List<AppliedChangeSet> since = other.appliedSince("2.3.1");
        assertThat(since).extracting(AppliedChangeSet::id).containsExactly("2-release-2.3.1", "3-orders", "4-users-name", "5-drop-legacy-flag");
        assertThat(since.subList(1, 4)).noneMatch(AppliedChangeSet::reversible);
        assertThat(since.get(1).irreversible()).contains("no longer in db/changelog.yaml");
    }

    @Test
    void liquibaseRunsWithItsProductAnalyticsOff() throws Exception {
        Boolean enabled = Scope.child(LiquibaseMigrator.scopeValues(new liquibase.resource.DirectoryResourceAccessor(Changelogs.dir("reversible"))),
                () -> AnalyticsArgs.ENABLED.getCurrentValue());
        assertThat(enabled).isFalse();
        assertThat(Scope.child(Map.of(), () -> AnalyticsArgs.ENABLED.getCurrentValue())).as("left to Liquibase (and its server) without the scope")
                .isNotEqualTo(Boolean.FALSE);
    }

    @Test
    void theBlockNamesAChangelogUnderItsFolder() {
        IntegrationConfig outside = new IntegrationConfig("liquibase", Map.of("changelog_dir", Changelogs.ROOT.toString(), "changelog", "../x.yaml"),
                "rewind.yaml", 9, "environments.production.database");
        assertThatThrownBy(() -> LiquibaseMigrator.from(outside, () -> null)).hasMessageContaining("rewind.yaml:9")
                .hasMessageContaining("database.changelog");
        IntegrationConfig relative = new IntegrationConfig("liquibase", Map.of("changelog_dir", "changelogs", "changelog", "db/changelog.yaml"),
                "rewind.yaml", 9, "environments.production.database");
        assertThatThrownBy(() -> LiquibaseMigrator.from(relative, () -> null)).hasMessageContaining("database.changelog_dir");
    }
}
