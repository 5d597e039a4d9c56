package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.integrations.prometheus.LocalProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code rewind doctor} against a real HAProxy and a real Prometheus (basic auth) started on 127.0.0.1. */
class DoctorCommandRealServersTest {
    private static final String WRONG_PASSWORD = "wrong-pass-7391";

    @TempDir
    static Path dir;
    private static DoctorServers servers;
    private static Path flagFile;

    @BeforeAll
    static void startServers() throws Exception {
        servers = new DoctorServers(dir);
        flagFile = dir.resolve("flags.json");
        try (InputStream in = DoctorCommandRealServersTest.class.getResourceAsStream("/flagd/flags.json")) {
            Files.copy(in, flagFile);
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (servers != null) servers.close();
    }

    private static Path config(String name, String metricsUrl, String password, String backend) throws IOException {
        return Files.writeString(dir.resolve(name), """
                metrics:
                  type: prometheus
                  url: %s
                  username: %s
                  password: %s
                environments:
                  production:
                    service: checkout
                    feature_flag: new-checkout
                    router: {type: haproxy, socket: %s, backend: %s}
                    deployer: {type: demo}
                    flags: {type: flagd, file: %s}
                """.formatted(metricsUrl, DoctorServers.USER, password, servers.haproxySocket, backend, flagFile));
    }

    private static Path healthy() throws IOException {
        return config("healthy.yaml", servers.prometheus.toString(), DoctorServers.PASSWORD, "be_app");
    }

    @Test
    void reportsEveryRealIntegrationOkWithItsLatencyAndExitsZero() throws IOException {
        DoctorRun run = DoctorRun.of("doctor", "--config", healthy().toString());

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.row(DoctorCommand.TOP_LEVEL, "metrics")).contains("prometheus", servers.prometheus.toString(), "OK")
                .containsPattern("\\d+ ms; online");
        assertThat(run.row("production", "router")).contains("haproxy", "unix:" + servers.haproxySocket, "OK", "blue=100, green=0")
                .containsPattern("\\d+ ms");
        assertThat(run.row("production", "flags")).contains("flagd", " OK ", "flag new-checkout is on");
        assertThat(run.row("production", "deployer")).contains("demo", "EMBEDDED", "started by rewind demo / rollback");
        assertThat(run.out()).contains("all 5 checks passed");
    }

    @Test
    void neverPrintsThePasswordEvenWhenItWorks() throws IOException {
        DoctorRun text = DoctorRun.of("doctor", "--config", healthy().toString());
        DoctorRun json = DoctorRun.of("doctor", "--config", healthy().toString(), "--format", "json");

        assertThat(text.exit()).isZero();
        assertThat(text.all() + json.all()).doesNotContain(DoctorServers.PASSWORD);
    }

    @Test
    void printsOneJsonObjectPerCheck() throws IOException {
        DoctorRun run = DoctorRun.of("doctor", "--config", healthy().toString(), "--format", "json");

        JsonNode checks = JsonMapper.builder().build().readTree(run.out());
        assertThat(run.exit()).isZero();
        assertThat(checks.size()).isEqualTo(5);
        JsonNode router = checks.get(1);
        assertThat(router.path("role").asString()).isEqualTo("router");
        assertThat(router.path("status").asString()).isEqualTo("OK");
        assertThat(router.path("detail").asString()).isEqualTo("weights blue=100, green=0");
        assertThat(router.path("latency_ms").isIntegralNumber()).isTrue();
        assertThat(checks.get(2).path("status").asString()).isEqualTo("EMBEDDED");
        assertThat(checks.get(2).path("latency_ms").isNull()).isTrue();
    }

    @Test
    void reportsAClosedPortAsUnreachableWithTheUrlAndTheCauseAndExitsThree() throws IOException {
        String closed = "http://127.0.0.1:" + LocalProcess.freePort();
        DoctorRun run = DoctorRun.of("doctor", "--config", config("closed.yaml", closed, DoctorServers.PASSWORD, "be_app").toString());

        assertThat(run.exit()).as(run.all()).isEqualTo(3);
        assertThat(run.row(DoctorCommand.TOP_LEVEL, "metrics")).contains("UNREACHABLE", closed + "/api/v1/status/buildinfo",
                "connection refused");
        assertThat(run.row("production", "router")).contains(" OK ");
        assertThat(run.out()).contains("1 of 5 checks need attention");
    }

    @Test
    void reportsAWrongPasswordAsUnauthorizedWithoutPrintingItAndExitsThree() throws IOException {
        Path cfg = config("wrong.yaml", servers.prometheus.toString(), WRONG_PASSWORD, "be_app");
        DoctorRun text = DoctorRun.of("doctor", "--config", cfg.toString());
        DoctorRun json = DoctorRun.of("doctor", "--config", cfg.toString(), "--format", "json");

        assertThat(text.exit()).as(text.all()).isEqualTo(3);
        assertThat(json.exit()).isEqualTo(3);
        assertThat(text.row(DoctorCommand.TOP_LEVEL, "metrics")).contains("UNAUTHORIZED", "HTTP 401");
        assertThat(text.all() + json.all()).doesNotContain(WRONG_PASSWORD).doesNotContain(DoctorServers.PASSWORD);
    }

    @Test
    void reportsABackendHaproxyDoesNotHaveAsFailedAndExitsOne() throws IOException {
        DoctorRun run = DoctorRun.of("doctor", "--config",
                config("nobackend.yaml", servers.prometheus.toString(), DoctorServers.PASSWORD, "be_missing").toString());

        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.row("production", "router")).contains("FAILED", "no backend 'be_missing'");
    }
}
