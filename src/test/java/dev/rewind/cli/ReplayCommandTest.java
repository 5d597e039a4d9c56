package dev.rewind.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Path resource(String name) {
        try {
            return Path.of(ReplayCommandTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Run run(String... args) {
        CommandLine cl = RewindCommand.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void replaysSeed001sErrorSpikeToARollbackAtTwelvePastTen() {
        Run r = run("replay", "--config", resource("/config/seed-001-rollback-config.yml").toString(),
                "--metrics", resource("/replay/seed-001-error-spike.csv").toString(), "--deployed-at", "2026-01-26T10:00:00Z");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.get("decision").asString()).isEqualTo("rollback");
        assertThat(json.get("decided_at").asString()).isEqualTo("2026-01-26T10:12:00Z");
        JsonNode finding = json.get("findings").get(0);
        assertThat(finding.get("trigger").asString()).isEqualTo("error_rate");
        assertThat(finding.get("metric").asString()).isEqualTo("error_rate");
        assertThat(finding.get("severity").asString()).isEqualTo("critical");
        assertThat(finding.get("baseline").asDouble()).isBetween(0.45, 0.55);
        assertThat(finding.get("current").asDouble()).isGreaterThan(1.0);
        assertThat(finding.get("threshold").asDouble()).isBetween(0.9, 1.1);
        assertThat(json.get("baseline").get("p95_latency_ms").asDouble()).isBetween(270.0, 290.0);
        assertThat(json.get("enforced").asBoolean()).isTrue();
        assertThat(json.get("evaluations").get("database").get("no_data").asInt()).isEqualTo(json.get("checks").asInt());
    }

    @Test
    void aHealthyStretchIsNoRollbackWithANullDecisionTime() {
        Run r = run("replay", "--metrics", resource("/replay/seed-001-error-spike.csv").toString(), "--deployed-at", "2026-01-26T09:40:00Z");
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        // the spike at 10:12 is still in the trace, so this replay does roll back; but not before 10:12. The defaults judge
        // error_rate by the sequential test, which has counted 32 healthy minutes since the deploy by then and needs
        // six minutes of the spike to outweigh them (seed 001's rule, in its own config, decides at 10:12: see above)
        assertThat(json.get("decided_at").asString()).isEqualTo("2026-01-26T10:18:00Z");
        assertThat(json.get("findings").get(0).get("kind").asString()).isEqualTo("sequential");
        Run before = run("replay", "--metrics", trimmed().toString(), "--deployed-at", "2026-01-26T09:40:00Z");
        JsonNode quiet = JsonMapper.builder().build().readTree(before.out());
        assertThat(quiet.get("decision").asString()).isEqualTo("no_rollback");
        assertThat(quiet.get("decided_at").isNull()).isTrue();
        assertThat(quiet.get("checks").asInt()).isEqualTo(29); // 09:41 .. 10:09, the last sample
    }

    @Test
    void aDisabledPolicyDecidesTheSameButIsNotEnforced() throws IOException {
        Path cfg = dir.resolve("off.yml");
        Files.writeString(cfg, "rollback_policy:\n  enabled: false\n");
        // the default error_rate trigger is the sequential test here: 12 healthy minutes, then three of the spike
        Run r = run("replay", "--config", cfg.toString(), "--metrics", resource("/replay/seed-001-error-spike.csv").toString(),
                "--deployed-at", "2026-01-26T10:00:00Z", "--format", "text");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Decision: rollback at 2026-01-26T10:15:00Z").contains("not enforced").contains("error_rate");
    }

    @Test
    void pastThePointOfNoReturnItFixesForward() {
        Run r = run("replay", "--metrics", resource("/replay/seed-001-error-spike.csv").toString(),
                "--deployed-at", "2026-01-26T10:00:00Z", "--point-of-no-return", "2026-01-26T10:05:00Z");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"decision\" : \"fix_forward\"");
    }

    @Test
    void badInputExitsTwoNamingFileLineAndField() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "timestamp,metric,value\n2026-01-26T10:00:00Z,error_rate,0.5\n2026-01-26T10:01:00Z,error_rate,high\n");
        Run r = run("replay", "--metrics", csv.toString(), "--deployed-at", "2026-01-26T10:00:00Z");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv:3").contains("column 3 (value)").contains("'high'");

        Path cfg = dir.resolve("bad.yml");
        Files.writeString(cfg, "rollback_policy:\n  triggers:\n    latency:\n      multiplier: lots\n");
        Run c = run("replay", "--config", cfg.toString(), "--metrics", resource("/replay/seed-001-error-spike.csv").toString(), "--deployed-at", "2026-01-26T10:00:00Z");
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("bad.yml:4").contains("rollback_policy.triggers.latency.multiplier");

        Run t = run("replay", "--metrics", resource("/replay/seed-001-error-spike.csv").toString(), "--deployed-at", "tomorrow");
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("--deployed-at").contains("'tomorrow'");

        Run late = run("replay", "--metrics", resource("/replay/seed-001-error-spike.csv").toString(), "--deployed-at", "2027-01-01T00:00:00Z");
        assertThat(late.exit()).isEqualTo(2);
        assertThat(late.err()).contains("before the trace's last sample");
    }

    // ---- bounds: every one of these ran for more than a minute, or exited 1 with a stack trace ----

    @Test
    @Timeout(30)
    void aTraceRowInYear9999IsRefusedNamingItsLine() throws IOException {
        Path csv = dir.resolve("y9999.csv");
        Files.writeString(csv, "timestamp,metric,value\n2026-01-26T09:00:00Z,error_rate,0.5\n9999-01-01T00:00:00Z,error_rate,0.5\n");
        Run r = run("replay", "--metrics", csv.toString(), "--deployed-at", "2026-01-26T09:30:00Z");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("y9999.csv:3: field 'column 1 (timestamp)'").contains("'9999-01-01T00:00:00Z'").contains("2100");
    }

    @Test
    @Timeout(30)
    void aTraceInEpochMillisecondsIsRefusedWithTheFix() throws IOException {
        Path csv = dir.resolve("ms.csv");
        Files.writeString(csv, "timestamp,metric,value\n1769418000000,error_rate,0.5\n1769421600000,error_rate,0.5\n");
        Run r = run("replay", "--metrics", csv.toString(), "--deployed-at", "2026-01-26T09:30:00Z");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("ms.csv:2: field 'column 1 (timestamp)'").contains("is epoch milliseconds").contains("divide by 1000");
    }

    @Test
    @Timeout(30)
    void aDeployFarBeforeTheTraceIsRefused() {
        Run r = run("replay", "--metrics", resource("/replay/seed-001-error-spike.csv").toString(), "--deployed-at", "0");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--deployed-at").contains("before the trace's first sample (2026-01-26T09:00:00Z)")
                .contains("baseline window (5m 0s)").contains("found 1970-01-01T00:00:00Z");
        // one baseline window before the first sample is still a replay: the trace starts at the deploy
        Run edge = run("replay", "--metrics", resource("/replay/seed-001-error-spike.csv").toString(), "--deployed-at", "2026-01-26T08:55:00Z");
        assertThat(edge.exit()).as(edge.err()).isZero();
    }

    @Test
    @Timeout(30)
    void aCheckIntervalBelowATenthOfASecondIsRefusedAtLoad() throws IOException {
        Path cfg = dir.resolve("fine.yml");
        Files.writeString(cfg, "rollback_policy:\n  monitoring:\n    check_interval_seconds: 0.001\n");
        Run r = run("replay", "--config", cfg.toString(), "--metrics", resource("/replay/seed-001-error-spike.csv").toString(),
                "--deployed-at", "2026-01-26T10:00:00Z");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("fine.yml:3: field 'rollback_policy.monitoring.check_interval_seconds'").contains("from 0.1 to 3600");
    }

    @Test
    @Timeout(30)
    void hugeAndNonFiniteTimesExitTwoNamingTheOptionOrTheLine() throws IOException {
        for (String t : new String[] {"1e30", "-Infinity", "NaN", "1769421600000"}) {
            Run r = run("replay", "--metrics", resource("/replay/seed-001-error-spike.csv").toString(), "--deployed-at", t);
            assertThat(r.exit()).as(t + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(t).contains("--deployed-at: ").contains("'" + t + "'").doesNotContain("Exception");
            Path csv = dir.resolve("t.csv");
            Files.writeString(csv, "timestamp,metric,value\n2026-01-26T09:00:00Z,error_rate,0.5\n" + t + ",error_rate,0.5\n");
            Run row = run("replay", "--metrics", csv.toString(), "--deployed-at", "2026-01-26T09:00:00Z");
            assertThat(row.exit()).as(t + ": " + row.err()).isEqualTo(2);
            assertThat(row.err()).as(t).contains("t.csv:3: field 'column 1 (timestamp)'").doesNotContain("Exception");
        }
    }

    @Test
    @Timeout(30)
    void moreChecksThanTheLimitAreRefusedNamingMaxChecks() throws IOException {
        Path cfg = dir.resolve("1s.yml");
        Files.writeString(cfg, "rollback_policy:\n  monitoring:\n    check_interval_seconds: 1\n");
        String trace = resource("/replay/seed-001-error-spike.csv").toString(); // 09:00 .. 10:30
        Run over = run("replay", "--config", cfg.toString(), "--metrics", trace, "--deployed-at", "2026-01-26T10:00:00Z", "--max-checks", "1799");
        assertThat(over.exit()).as(over.out() + over.err()).isEqualTo(2);
        assertThat(over.err()).contains("--max-checks").contains("would run 1800 checks").contains("limit of 1799").contains("--max-checks 1800");
        assertThat(over.out()).isEmpty();

        Run at = run("replay", "--config", cfg.toString(), "--metrics", trace, "--deployed-at", "2026-01-26T10:00:00Z", "--max-checks", "1800");
        assertThat(at.exit()).as(at.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(at.out());
        assertThat(json.get("decision").asString()).isEqualTo("rollback");
        assertThat(json.get("checks").asInt()).isLessThanOrEqualTo(1800);

        Run bad = run("replay", "--metrics", trace, "--deployed-at", "2026-01-26T10:00:00Z", "--max-checks", "0");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--max-checks");
    }

    @Test
    @Timeout(30)
    void theDefaultLimitIsAMillionChecks() throws IOException {
        Path cfg = dir.resolve("tenth.yml");
        Files.writeString(cfg, "rollback_policy:\n  monitoring:\n    check_interval_seconds: 0.1\n");
        Path csv = dir.resolve("year.csv");
        Files.writeString(csv, "timestamp,metric,value\n2025-01-01T00:00:00Z,error_rate,0.5\n2026-01-01T00:00:00Z,error_rate,0.5\n");
        Run r = run("replay", "--config", cfg.toString(), "--metrics", csv.toString(), "--deployed-at", "2025-01-01T00:05:00Z");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("would run 315357000 checks").contains("limit of 1000000");
    }

    private Path trimmed() {
        try {
            Path out = dir.resolve("quiet.csv");
            var lines = Files.readAllLines(resource("/replay/seed-001-error-spike.csv")).stream()
                    .filter(l -> l.startsWith("timestamp") || l.compareTo("2026-01-26T10:10") < 0).toList();
            Files.write(out, lines);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
