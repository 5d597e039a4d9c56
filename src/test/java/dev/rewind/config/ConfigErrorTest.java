package dev.rewind.config;

import dev.rewind.model.BadInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every bad config names its file, line and field, and says what was expected. */
class ConfigErrorTest {
    private static final String HEAD = "rollback_policy:\n  triggers:\n    latency:\n";

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of(HEAD + "      multiplyer: 1.5\n", 4, "rollback_policy.triggers.latency.multiplyer", "did you mean 'multiplier'"),
                Arguments.of(HEAD + "      multiplier: fast\n", 4, "rollback_policy.triggers.latency.multiplier", "expected a number"),
                Arguments.of(HEAD + "      multiplier: -2\n", 4, "rollback_policy.triggers.latency.multiplier", "from 0.001 to 1000"),
                Arguments.of(HEAD + "      window_minutes: [5]\n", 4, "rollback_policy.triggers.latency.window_minutes", "found a list"),
                Arguments.of(HEAD + "      comparison: sideways\n", 4, "rollback_policy.triggers.latency.comparison", "greater_than"),
                Arguments.of(HEAD + "      aggregation: median\n", 4, "rollback_policy.triggers.latency.aggregation", "mean, sum"),
                Arguments.of(HEAD + "      severity: dire\n", 4, "rollback_policy.triggers.latency.severity", "low, medium, high, critical"),
                Arguments.of(HEAD + "      action: panic\n", 4, "rollback_policy.triggers.latency.action", "immediate_rollback"),
                Arguments.of(HEAD + "      for: soon\n", 4, "rollback_policy.triggers.latency.for", "30s, 5m"),
                Arguments.of(HEAD + "      enabled: maybe\n", 4, "rollback_policy.triggers.latency.enabled", "true or false"),
                Arguments.of(HEAD + "      multiplier: 2\n      threshold: 5\n", 5, "rollback_policy.triggers.latency.threshold", "only one of"),
                Arguments.of(HEAD + "      consecutive: true\n", 3, "rollback_policy.triggers.latency", "absolute"),
                Arguments.of(HEAD + "      multiplier: ${MISSING_MULT}\n", 4, "rollback_policy.triggers.latency.multiplier", "MISSING_MULT"),
                Arguments.of("rollback_policy:\n  triggers:\n    queue:\n      metric: queue_depth\n", 3, "rollback_policy.triggers.queue", "needs a limit"),
                Arguments.of("rollback_policy:\n  monitoring:\n    check_interval_second: 60\n", 3, "rollback_policy.monitoring.check_interval_second", "did you mean 'check_interval_seconds'"),
                Arguments.of("rollback_policy:\n  monitoring:\n    check_interval_seconds: 0\n", 3, "rollback_policy.monitoring.check_interval_seconds", "from 0.1 to 3600"),
                Arguments.of("rollback_policy:\n  rollback:\n    max_rollback_attempts: 1.5\n", 3, "rollback_policy.rollback.max_rollback_attempts", "whole number"),
                Arguments.of("rollbak_policy:\n  enabled: true\n", 1, "rollbak_policy", "did you mean 'rollback_policy'"),
                Arguments.of("rollback_policy:\n  enabled: true\n  enabled: false\n", 3, "rollback_policy.enabled", "duplicate"),
                Arguments.of("rollback_policy:\n  triggers: [1, 2\n", 2, null, "invalid YAML"),
                Arguments.of("environments:\n  prod:\n    router:\n      socket: /x\n", 3, "environments.prod.router", "needs a 'type'"),
                Arguments.of("environments:\n  prod:\n    strategy: yolo\n", 3, "environments.prod.strategy", "blue_green"),
                Arguments.of("environments:\n  prod:\n    smoke_tests:\n      - url: http://x\n        expect_status: 42\n", 5,
                        "environments.prod.smoke_tests[0].expect_status", "from 100 to 599"),
                Arguments.of("{\"auto_rollback\": {\n \"triggers\": [\n  {\"metric\": \"error_rate\",\n   \"threshhold\": 0.01}]}}", 4,
                        "auto_rollback.triggers[0].threshhold", "did you mean 'threshold'"),
                Arguments.of("{\"auto_rollback\": {\n \"triggers\": [\n  {\"threshold\": 0.01}]}}", 3, "auto_rollback.triggers[0]", "needs a 'metric'"),
                Arguments.of("{\"auto_rollback\": {\n \"enabled\": true,\n \"triggers\": [\n}}", 4, null, "invalid JSON"),
                Arguments.of("{\"auto_rollback\": {\"rollback_timeout_seconds\": \"long\"}}", 1, "auto_rollback.rollback_timeout_seconds", "expected a number"));
    }

    @ParameterizedTest(name = "[{index}] line {1}, {2}: {3}")
    @MethodSource("badConfigs")
    void namesFileLineAndFieldOfEveryBadInput(String text, int line, String field, String expected) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> new ConfigLoader(k -> null).parse("rewind.yml", text));
        assertThat(e).as("no error for:%n%s", text).isNotNull();
        assertThat(e.file()).isEqualTo("rewind.yml");
        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.getMessage()).contains(expected).startsWith("rewind.yml:" + line);
        assertThat(e.exitCode()).isEqualTo(2);
    }
}
