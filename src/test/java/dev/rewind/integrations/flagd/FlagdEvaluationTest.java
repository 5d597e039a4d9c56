package dev.rewind.integrations.flagd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.testing.Command;
import dev.rewind.testing.NpmPackages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the rewritten file with flagd's own evaluation engine (npm {@code @openfeature/flagd-core}, the
 * JavaScript build of flagd's evaluator), so "off" means what flagd would answer, not what we think.
 * Pinned in .ci/packages and installed into {@code target/flagd-core} (by bin/test, or here when missing);
 * without node/npm the test is skipped locally and fails under CI.
 */
class FlagdEvaluationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BETA_USER = "{\"email\":\"ann@example.com\"}";
    private static Path modules;

    @TempDir
    Path dir;
    private Path file;

    /** Past the default timeout: it may install flagd-core (bounded, 10 min). */
    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    static void installFlagdCore() throws Exception {
        modules = NpmPackages.require("target/flagd-core");
    }

    @BeforeEach
    void copyFlagFile() throws IOException {
        file = dir.resolve("flags.json");
        try (var in = getClass().getResourceAsStream("/flagd/flags.json")) {
            Files.copy(in, file);
        }
    }

    @Test
    void flagdAnswersOffForEveryoneOnceTheKillSwitchIsOff() throws Exception {
        assertThat(evaluate("new-checkout", BETA_USER).path("value").asBoolean()).isTrue();

        new FlagdFlagSwitch(file).disable("new-checkout");

        JsonNode beta = evaluate("new-checkout", BETA_USER);
        JsonNode anyone = evaluate("new-checkout", "{}");
        assertThat(beta.path("value").isBoolean()).as(beta.toString()).isTrue();
        assertThat(beta.path("value").asBoolean()).as(beta.toString()).isFalse();
        assertThat(beta.path("variant").asString()).isEqualTo("off");
        assertThat(anyone.path("value").asBoolean()).as(anyone.toString()).isFalse();
    }

    @Test
    void flagdAnswersAsBeforeOnceTheFlagIsEnabledAgain() throws Exception {
        var flags = new FlagdFlagSwitch(file);
        flags.disable("new-checkout");
        flags.enable("new-checkout");

        JsonNode beta = evaluate("new-checkout", BETA_USER);
        assertThat(beta.path("value").asBoolean()).isTrue();
        assertThat(beta.path("reason").asString()).isEqualTo("TARGETING_MATCH");
    }

    /** Why we do not use state DISABLED: flagd then returns the caller's default, here true. */
    @Test
    void stateDisabledWouldHandTheAnswerBackToTheCallersDefault() throws Exception {
        var root = (tools.jackson.databind.node.ObjectNode) JSON.readTree(Files.readString(file));
        ((tools.jackson.databind.node.ObjectNode) root.path("flags").path("new-checkout")).put("state", "DISABLED");
        Files.writeString(file, JSON.writeValueAsString(root));

        JsonNode result = evaluate("new-checkout", BETA_USER);
        assertThat(result.path("reason").asString()).isEqualTo("DISABLED");
        assertThat(result.path("value").asBoolean()).isTrue();
    }

    private JsonNode evaluate(String flag, String context) throws Exception {
        Path script = Path.of("src/test/resources/flagd/evaluate.js").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), file.toString(), flag, context);
        pb.environment().put("NODE_PATH", modules.toString());
        Command.Result run = Command.run(pb, Duration.ofSeconds(60));
        assertThat(run.exit()).as(run.output()).isZero();
        return JSON.readTree(run.output().strip().lines().reduce((a, b) -> b).orElse("{}"));
    }
}
