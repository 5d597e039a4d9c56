package dev.rewind.integrations.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.act.Routes;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The factory's errors and the weight arithmetic, no HAProxy needed. */
class HaproxyRouterConfigTest {

    private static IntegrationConfig config(Map<String, Object> settings) {
        return new IntegrationConfig("haproxy", settings, "rewind.yaml", 12, "environments.prod.router");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(Map.of("backend", "be_app"), "environments.prod.router.socket", "exactly one of"),
                Arguments.of(Map.of("backend", "be_app", "socket", "/s", "address", "h:1"), "environments.prod.router.address", "exactly one of"),
                Arguments.of(Map.of("socket", "/s"), "environments.prod.router.backend", "is required"),
                Arguments.of(Map.of("backend", "be_app", "address", "localhost"), "environments.prod.router.address", "host:port"),
                Arguments.of(Map.of("backend", "be_app", "address", "h:99999"), "environments.prod.router.address", "host:port"),
                Arguments.of(Map.of("backend", "be_app;shutdown sessions", "socket", "/s"), "environments.prod.router.backend", "backend name"),
                Arguments.of(Map.of("backend", "be_app", "socket", "/s", "servers", Map.of("blue", "a b")), "environments.prod.router.servers.blue", "server name"),
                Arguments.of(Map.of("backend", "be_app", "socket", "/s", "servers", "blue"), "environments.prod.router.servers", "map"),
                Arguments.of(Map.of("backend", "be_app", "socket", "/s", "timeout_seconds", 0), "environments.prod.router.timeout_seconds", "from 1 to 300"),
                Arguments.of(Map.of("backend", "be_app", "socket", "/s", "sockett", "/s"), "environments.prod.router.sockett", "unknown setting"));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void badSettingsNameTheFileLineAndField(Map<String, Object> settings, String field, String problem) {
        assertThatThrownBy(() -> HaproxyRouter.from(config(settings)))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.file()).isEqualTo("rewind.yaml");
                    assertThat(e.line()).isEqualTo(12);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(problem);
                });
    }

    static Stream<Map<String, Integer>> generatedWeights() {
        Random random = new Random(42);
        return IntStream.range(0, 40).mapToObj(i -> {
            Map<String, Integer> w = new LinkedHashMap<>();
            w.put("blue", random.nextInt(5000));
            w.put("green", 1 + random.nextInt(5000));
            w.put("grey", random.nextBoolean() ? 0 : random.nextInt(300));
            return w;
        });
    }

    @ParameterizedTest
    @MethodSource("generatedWeights")
    void weightsAboveHaproxysLimitAreScaledKeepingEveryShareWithinOnePercent(Map<String, Integer> weights) {
        Routes asked = new Routes(weights);
        Routes sent = new Routes(HaproxyRouter.scaled(asked));

        sent.weights().forEach((target, w) -> {
            assertThat(w).isBetween(0, HaproxyRouter.MAX_WEIGHT);
            assertThat(w == 0).isEqualTo(asked.weight(target) == 0);
            assertThat(sent.percent(target)).isCloseTo(asked.percent(target), org.assertj.core.api.Assertions.within(1.0));
        });
    }

    @Test
    void routesThatSendTrafficNowhereAreRefused() {
        assertThatThrownBy(() -> HaproxyRouter.scaled(new Routes(Map.of("blue", 0, "green", 0))))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("every weight is 0");
    }
}
