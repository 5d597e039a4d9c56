package dev.rewind.integrations.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlertmanagerSettingsTest {

    private static AlertmanagerSettings read(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return AlertmanagerSettings.from(new IntegrationConfig("alertmanager", m, "rewind.yaml", 4, "alertmanager"));
    }

    @Test
    void readsLabelNamesLevelsAndListenAddress() {
        AlertmanagerSettings s = read("bearer_token", "t", "host", "0.0.0.0", "port", 9099, "path", "/am",
                "service_labels", List.of("job"), "environment_labels", "cluster, env", "default_automation", "full",
                "default_severity", "warning", "default_environment", "prod");

        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isEqualTo(9099);
        assertThat(s.path()).isEqualTo("/am");
        assertThat(s.mapping().serviceLabels()).containsExactly("job");
        assertThat(s.mapping().environmentLabels()).containsExactly("cluster", "env");
        assertThat(s.mapping().defaultAutomation()).isEqualTo(AutomationLevel.FULL);
        assertThat(s.mapping().defaultSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(s.mapping().defaultEnvironment()).isEqualTo("prod");
        assertThat(s.auth()).isInstanceOf(WebhookAuth.BearerToken.class);
        assertThat(s.toString()).doesNotContain("=t,");
    }

    static Stream<Arguments> badBlocks() {
        return Stream.of(
                Arguments.of(new Object[] {"bearer_token", "t", "token", "x"}, "alertmanager.token"),
                Arguments.of(new Object[] {"bearer_token", "t", "hmac_secret", "s"}, "alertmanager.hmac_secret"),
                Arguments.of(new Object[] {"bearer_token", " "}, "alertmanager.bearer_token"),
                Arguments.of(new Object[] {"bearer_token", "t", "path", "am"}, "alertmanager.path"),
                Arguments.of(new Object[] {"bearer_token", "t", "port", 70000}, "alertmanager.port"),
                Arguments.of(new Object[] {"bearer_token", "t", "default_automation", "auto"}, "alertmanager.default_automation"),
                Arguments.of(new Object[] {"bearer_token", "t", "default_severity", "meh"}, "alertmanager.default_severity"),
                Arguments.of(new Object[] {"bearer_token", "t", "service_labels", List.of()}, "alertmanager.service_labels"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badBlocks")
    void rejectsABadBlockNamingTheSetting(Object[] pairs, String field) {
        assertThatThrownBy(() -> read(pairs)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.file()).isEqualTo("rewind.yaml");
            assertThat(e.line()).isEqualTo(4);
        });
    }

    @Test
    void insecureNoAuthMustBeSaidOutLoud() {
        assertThat(read("insecure_no_auth", true).auth()).isInstanceOf(WebhookAuth.Open.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.3.2.1", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost", "LOCALHOST"})
    void insecureNoAuthIsAcceptedOnALoopbackHost(String host) {
        assertThat(read("insecure_no_auth", true, "host", host).auth()).isInstanceOf(WebhookAuth.Open.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "[::]", "10.0.0.5", "128.0.0.1", "127.0.0.256", "127.0.0.1.nip.io", "alertmanager.internal", "::2", ""})
    void insecureNoAuthOnAnyOtherHostIsRefusedNamingFileLineAndField(String host) {
        assertThatThrownBy(() -> read("insecure_no_auth", true, "host", host)).isInstanceOfSatisfying(BadInputException.class, e -> {
            assertThat(e.file()).isEqualTo("rewind.yaml");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.field()).isEqualTo("alertmanager.insecure_no_auth");
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.getMessage()).contains("127.0.0.1").contains("::1");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/{id}", "/api/<rest>", "/api/*", "/am hook", "/am\n", "//", "/a/../{x}"})
    void aPathJavalinWouldReadAsParametersOrWildcardsIsRefused(String path) {
        assertThatThrownBy(() -> read("bearer_token", "t", "path", path)).isInstanceOfSatisfying(BadInputException.class,
                e -> assertThat(e.field()).isEqualTo("alertmanager.path"));
    }

    @Test
    void overlongPathsAndHeaderNamesAreRefused() {
        assertThat(read("bearer_token", "t", "path", "/" + "a".repeat(199)).path()).hasSize(200);
        assertThatThrownBy(() -> read("bearer_token", "t", "path", "/" + "a".repeat(200))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> read("hmac_secret", "s", "signature_header", "X-" + "S".repeat(63))).isInstanceOf(BadInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Sig\r\nX-Other", "X Sig", "", "X-Sig:"})
    void aSignatureHeaderThatIsNotAHeaderNameIsRefused(String header) {
        assertThatThrownBy(() -> read("hmac_secret", "s", "signature_header", header)).isInstanceOfSatisfying(BadInputException.class,
                e -> assertThat(e.field()).isEqualTo("alertmanager.signature_header"));
    }
}
