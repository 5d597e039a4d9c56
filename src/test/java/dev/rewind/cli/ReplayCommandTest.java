package dev.rewind.cli;

import org.junit.jupiter.api.Test;
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
        // the spike at 10:12 is still in the trace, so this replay does roll back; but only when it reaches 10:12
        assertThat(json.get("decided_at").asString()).isEqualTo("2026-01-26T10:12:00Z");
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
        Run r = run("replay", "--config", cfg.toString(), "--metrics", resource("/replay/seed-001-error-spike.csv").toString(),
                "--deployed-at", "2026-01-26T10:00:00Z", "--format", "text");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Decision: rollback at 2026-01-26T10:12:00Z").contains("not enforced").contains("error_rate");
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
