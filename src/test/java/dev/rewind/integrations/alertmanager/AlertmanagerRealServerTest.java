package dev.rewind.integrations.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.integrations.prometheus.LocalProcess;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Finding;
import dev.rewind.model.Severity;
import dev.rewind.testing.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager whose webhook receivers point at our receiver: one with the right bearer token,
 * one (routed by the label target=wrong-token) with a wrong one. Alerts go in through its /api/v2/alerts.
 */
class AlertmanagerRealServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<AlertBatch> batches = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;
    private static AlertmanagerReceiver receiver;
    private static LocalProcess alertmanager;
    private static URI api;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        Path binary = RealServers.requireBinary("prometheus-alertmanager", "prometheus-alertmanager");
        receiver = AlertmanagerReceiver.start("127.0.0.1", 0, AlertmanagerReceiver.DEFAULT_PATH,
                new AlertmanagerWebhook(WebhookAuth.bearer("good-token"), AlertMapping.defaults()), batches::add);
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: rewind
                  group_by: [alertname, service]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                  routes:
                    - receiver: wrong-token
                      matchers: ['target="wrong-token"']
                receivers:
                  - name: rewind
                    webhook_configs:
                      - url: '%1$s'
                        send_resolved: true
                        http_config: {authorization: {credentials: good-token}}
                  - name: wrong-token
                    webhook_configs:
                      - url: '%1$s'
                        http_config: {authorization: {credentials: bad-token}}
                """.formatted(receiver.url()));
        LocalProcess.OnPort started = LocalProcess.startOnFreePort(dir, port -> List.of(binary.toString(), "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="), port -> URI.create("http://127.0.0.1:" + port + "/-/ready"), HTTP, status -> status == 200);
        alertmanager = started.process();
        api = URI.create("http://127.0.0.1:" + started.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (alertmanager != null) alertmanager.close();
        if (receiver != null) receiver.close();
    }

    private static void postAlert(String labels, Instant startsAt, Instant endsAt) throws Exception {
        String body = "[{\"labels\":{%s},\"annotations\":{\"summary\":\"checkout 5xx above 5%%\"},\"startsAt\":\"%s\"%s}]"
                .formatted(labels, startsAt, endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Alertmanager delivers asynchronously; wait for the real delivery, bounded, rather than a fixed pause. */
    private static void await(String what, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Alertmanager did not deliver within 20 s: " + what + "; the receiver had " + batches.size()
                        + " batch(es): " + batches + "\nAlertmanager's output:\n" + alertmanager.output());
            }
            Thread.sleep(50); // a poll interval: the loop ends on the delivery or the deadline
        }
    }

    private static List<Finding> findings(String alertname) {
        return batches.stream().flatMap(b -> b.findings().stream()).filter(f -> f.trigger().equals(alertname)).toList();
    }

    @Test
    void aFiringAlertArrivesAsAFindingWithServiceEnvironmentAndSeverity() throws Exception {
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);

        postAlert("\"alertname\":\"CheckoutErrors\",\"service\":\"checkout\",\"env\":\"production\",\"severity\":\"critical\",\"automation\":\"full\"",
                startsAt, null);
        await("a finding for CheckoutErrors", () -> !findings("CheckoutErrors").isEmpty());

        AlertBatch batch = batches.stream().filter(b -> b.findings().stream().anyMatch(f -> f.trigger().equals("CheckoutErrors"))).findFirst().orElseThrow();
        assertThat(batch.receiver()).isEqualTo("rewind");
        assertThat(batch.service()).isEqualTo("checkout");
        assertThat(batch.environment()).isEqualTo("production");
        Finding f = findings("CheckoutErrors").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.automation()).isEqualTo(AutomationLevel.FULL);
        assertThat(f.detectedAt()).isEqualTo(startsAt);
        assertThat(f.reason()).startsWith("checkout 5xx above 5%");
    }

    @Test
    void aResolvedAlertArrivesAsResolvedNotAsANewFinding() throws Exception {
        String labels = "\"alertname\":\"CartLatency\",\"app\":\"cart\",\"environment\":\"staging\",\"severity\":\"warning\"";
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        postAlert(labels, startsAt, null);
        await("the firing CartLatency", () -> !findings("CartLatency").isEmpty());

        postAlert(labels, startsAt, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        await("the resolved CartLatency", () -> batches.stream().anyMatch(b -> b.resolved().stream().anyMatch(r -> r.alertname().equals("CartLatency"))));

        assertThat(findings("CartLatency")).hasSize(1).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
    }

    @Test
    void anAlertmanagerWithTheWrongTokenIsRejectedAndProducesNoFinding() throws Exception {
        long rejectedBefore = receiver.rejectedCalls();

        postAlert("\"alertname\":\"Impostor\",\"service\":\"checkout\",\"env\":\"production\",\"target\":\"wrong-token\"", Instant.now(), null);
        await("a delivery attempt with the wrong token", () -> receiver.rejectedCalls() > rejectedBefore);

        assertThat(findings("Impostor")).isEmpty();
    }
}
