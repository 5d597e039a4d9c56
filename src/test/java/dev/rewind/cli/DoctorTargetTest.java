package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.IntegrationConfig;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DoctorTargetTest {

    @ParameterizedTest
    @CsvSource({
            "http://user:pa55@prom:9090,                 http://prom:9090",
            "https://prom:9090/api?token=abc123,         https://prom:9090/api",
            "http://prom:9090,                           http://prom:9090",
            "'failed at http://u:p@h:1/x?key=zz: refused', 'failed at http://h:1/x refused'"})
    void showsUrlsWithoutCredentialsOrQuery(String raw, String shown) {
        assertThat(DoctorTarget.url(raw)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({"password", "token", "bearer_token", "hmac_secret"})
    void masksAConfiguredSecretWhereverItAppears(String key) {
        IntegrationConfig c = new IntegrationConfig("x", Map.of(key, "hunter2-secret"), "f.yaml", 3, "metrics");

        assertThat(DoctorTarget.scrub("server said hunter2-secret is wrong", c)).isEqualTo("server said **** is wrong");
    }

    @ParameterizedTest
    @CsvSource({
            "haproxy, socket, /run/haproxy.sock, unix:/run/haproxy.sock",
            "haproxy, address, 10.0.0.5:9999,     tcp:10.0.0.5:9999",
            "flagd,   file,    /etc/flags.json,   file:/etc/flags.json",
            "demo,    url,     http://x,          embedded"})
    void namesWhereABlockPoints(String type, String key, String value, String target) {
        assertThat(DoctorTarget.of(new IntegrationConfig(type, Map.of(key, value), "f.yaml", 1, "router"))).isEqualTo(target);
    }
}
