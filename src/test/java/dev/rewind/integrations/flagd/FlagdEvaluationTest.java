package dev.rewind.integrations.flagd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the rewritten file with flagd's own evaluation engine (npm {@code @openfeature/flagd-core}, the
 * JavaScript build of flagd's evaluator), so "off" means what flagd would answer, not what we think.
 * Installed once into {@code target/flagd-core} (or {@code $REWIND_FLAGD_CORE_DIR}); without node/npm the
 * test is skipped locally and fails when {@code CI=true}.
 */
class FlagdEvaluationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BETA_USER = "{\"email\":\"ann@example.com\"}";
    private static Path modules;

    @TempDir
    Path dir;
    private Path file;

    @BeforeAll
    static void installFlagdCore() throws Exception {
        boolean node = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "node"))) && Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "npm")));
        if ("true".equals(System.getenv("CI"))) assertTrue(node, "node and npm are needed (CI=true: this test must not be skipped)");
        Assumptions.assumeTrue(node, "node and npm not found; skipped because CI is not set");
        Path prefix = Path.of(System.getenv().getOrDefault("REWIND_FLAGD_CORE_DIR", "target/flagd-core"));
        modules = prefix.resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("@openfeature/flagd-core"))) {
            run(List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund",
                    "@openfeature/flagd-core@4.0.1", "@openfeature/core@1.12.0"));
        }
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
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), file.toString(), flag, context).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", modules.toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return JSON.readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }
}
