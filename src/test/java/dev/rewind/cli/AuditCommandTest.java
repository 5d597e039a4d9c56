package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.store.AuditAnchor;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code rewind audit verify} and {@code rewind report} on a store an attacker has edited around its guards. */
@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class AuditCommandTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:20:00Z");
    private static final String ID = "rb-20260224-102000-abcd";

    @TempDir
    Path dir;
    private Path store;
    private Path out;

    @BeforeEach
    void oneFinishedRollback() throws Exception {
        store = dir.resolve("rewind.db");
        out = dir.resolve("out");
        RewindStore s = RewindStore.open(store);
        s.history().record(new RollbackRecord(ID, "shop", "production", "2.4.0", "2.3.1", "running", "errors", "alice", "error_rate", T0, null,
                Map.of(), null));
        s.audit().append("alice", "rollback.started", "shop/production", "id=" + ID, T0);
        s.journal().event(ID, 1, "ATTEMPT", "started", "attempt 1 of 3", Map.of(), T0);
        s.journal().event(ID, 1, "TRAFFIC_SWITCHED", "failed", "router refused the switch", Map.of(), T0.plusSeconds(1));
        s.journal().event(ID, 1, "ROLLBACK_FINISHED", "failed", null, Map.of(), T0.plusSeconds(2));
        Path report = Files.createDirectories(out.resolve(ID)).resolve("incident-report.md");
        Files.writeString(report, "# Rollback Report\n\nOutcome: Failed\n");
        AuditAnchor anchor = s.finishRollback(ID, "alice", "shop/production", "failed", T0.plusSeconds(3), Map.of("status", "failed"),
                report.toString(), Files.readString(report), null);
        anchor.appendTo(s.anchorFile());
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        }
    }

    private Cli run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--store";
        all[args.length + 1] = store.toString();
        all[args.length + 2] = "--out";
        all[args.length + 3] = out.toString();
        return Cli.run(all);
    }

    @Test
    void anUntouchedStoreVerifiesWithItsAnchor() {
        Cli cli = run("audit", "verify");

        assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("intact", "1 anchors from outside the database", "journals of 1 rollbacks");
    }

    @Test
    void aForgedJournalRowIsNamedAndTheReportRefusesToVouchForIt() throws Exception {
        sql("DROP TRIGGER journal_no_update",
                "UPDATE journal SET action = 'FLAG_DEACTIVATED', state = 'success', detail = 'flag new-checkout OFF' WHERE seq = 2");

        Cli verify = run("audit", "verify");
        Cli report = run("report", ID);

        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains("BROKEN: first broken link at journal of " + ID + ", row 2");
        assertThat(verify.err()).contains("append-only guards [journal_no_update] were missing");
        assertThat(report.exit()).isEqualTo(1);
        assertThat(report.err()).contains("row 2 does not match its hash", "do not trust it");
    }

    @Test
    void aTrailCutBackToAnEarlierRowStillChainsButNotAgainstItsAnchor() throws Exception {
        sql("DROP TRIGGER audit_no_delete", "DELETE FROM audit WHERE action = 'rollback.finished'");

        Cli cli = run("audit", "verify");

        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.out()).contains("anchor at audit row 2", "the trail was cut back or rewritten");
    }

    @Test
    void aChangedHistoryRowDoesNotMatchWhatTheTrailRecorded() throws Exception {
        sql("UPDATE rollbacks SET status = 'success', result = '{\"status\":\"success\"}'");

        Cli cli = run("audit", "verify");

        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.out()).contains("rollback " + ID, "history row was changed");
    }

    @Test
    void theReportCommandNeverPrintsAFileNamedByTheStore() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:the-secret-line\n");
        sql("UPDATE rollbacks SET report_path = '" + secret + "'");
        Files.delete(out.resolve(ID).resolve("incident-report.md"));

        Cli cli = run("report", ID);

        assertThat(cli.out()).doesNotContain("the-secret-line").contains("no incident report file under");
    }

    @Test
    void aReportFileEditedAfterTheRollbackIsCaught() throws Exception {
        Files.writeString(out.resolve(ID).resolve("incident-report.md"), "# Rollback Report\n\nOutcome: Successful\n");

        Cli cli = run("report", ID);

        assertThat(cli.exit()).isEqualTo(1);
        assertThat(cli.err()).contains("incident report file was changed after the rollback ended");
    }
}
