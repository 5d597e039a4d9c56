package dev.rewind.integrations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.Sample;
import dev.rewind.model.UnreachableException;
import dev.rewind.testing.RealServers;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus behind TLS (self-signed certificate) and basic auth (bcrypt hash), per its --web.config.file. */
class PrometheusSecurityTest {
    private static final String USER = "rewind";
    private static final String PASSWORD = "s3cret-pass";

    @TempDir
    static Path dir;
    private static LocalProcess prometheus;
    private static URI url;
    private static Path caFile;

    @BeforeAll
    static void startSecuredPrometheus() throws Exception {
        Path binary = RealServers.requireBinary("prometheus", "prometheus");
        caFile = copy("server.crt");
        Path key = copy("server.key");
        String hash;
        try (InputStream in = PrometheusSecurityTest.class.getResourceAsStream("basic-auth.bcrypt")) {
            hash = new String(in.readAllBytes()).trim();
        }
        Files.writeString(dir.resolve("web.yml"), """
                tls_server_config: {cert_file: '%s', key_file: '%s'}
                basic_auth_users: {%s: '%s'}
                """.formatted(caFile, key, USER, hash));
        Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 1s}\n");
        // the client trusts Rewind's TLS settings, not the port: built once, before the port is known
        HttpClient trusting = HttpClient.newBuilder()
                .sslContext(PrometheusTls.sslContext(PrometheusSettings.of(URI.create("https://127.0.0.1:9090")).withTls(null, true))).build();
        LocalProcess.OnPort started = LocalProcess.startOnFreePort(dir, port -> List.of(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.config.file=" + dir.resolve("web.yml")), port -> URI.create("https://127.0.0.1:" + port + "/-/ready"), trusting,
                status -> status == 200 || status == 401);
        prometheus = started.process();
        url = URI.create("https://127.0.0.1:" + started.port());
    }

    private static Path copy(String resource) throws Exception {
        Path target = dir.resolve(resource);
        try (InputStream in = PrometheusSecurityTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) prometheus.close();
    }

    private static PrometheusMetricSource source(PrometheusAuth auth, Path ca, boolean skipVerify) {
        return new PrometheusMetricSource(PrometheusSettings.of(url).withAuth(auth).withTls(ca, skipVerify));
    }

    @Test
    void queriesWithTheRightPasswordAndThePrivateCa() {
        PrometheusMetricSource source = source(new PrometheusAuth.Basic(USER, PASSWORD), caFile, false);

        source.checkOnline();
        assertThat(source.instantQuery("vector(42)", Instant.now()).series().samples())
                .extracting(Sample::value).containsExactly(42.0);
    }

    @Test
    void aWrongPasswordIsReportedAsRefusedCredentialsNeverAsNoData() {
        PrometheusMetricSource source = source(new PrometheusAuth.Basic(USER, "wrong-pass"), caFile, false);

        assertThatThrownBy(() -> source.instantQuery("vector(1)", Instant.now()))
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.unauthorized()).isTrue();
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.getMessage()).contains(url.toString()).contains("401").doesNotContain("wrong-pass");
                });
        assertThatThrownBy(source::checkOnline)
                .isInstanceOfSatisfying(UnreachableException.class, e -> assertThat(e.unauthorized()).isTrue());
    }

    @Test
    void missingCredentialsAreReportedAsRefusedAndSaySoInTheMessage() {
        PrometheusMetricSource source = source(new PrometheusAuth.None(), caFile, false);

        assertThatThrownBy(source::checkOnline)
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.unauthorized()).isTrue();
                    assertThat(e.getMessage()).contains("no credentials are configured");
                });
    }

    @Test
    void aCertificateFromAnUnknownCaFailsAsUnreachableNotUnauthorized() {
        PrometheusMetricSource source = source(new PrometheusAuth.Basic(USER, PASSWORD), null, false);

        assertThatThrownBy(source::checkOnline)
                .isInstanceOfSatisfying(UnreachableException.class, e -> {
                    assertThat(e.unauthorized()).isFalse();
                    assertThat(e.getMessage()).contains(url.toString()).doesNotContain(PASSWORD);
                });
    }

    @Test
    void insecureSkipVerifyAcceptsTheSelfSignedCertificate() {
        PrometheusMetricSource source = source(new PrometheusAuth.Basic(USER, PASSWORD), null, true);

        assertThat(source.instantQuery("vector(7)", Instant.now()).series().samples())
                .extracting(Sample::value).containsExactly(7.0);
    }
}
