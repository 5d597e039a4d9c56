package dev.rewind.integrations.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Severity;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The receiver over real HTTP on loopback, called directly (Alertmanager itself never signs with HMAC). */
class AlertmanagerReceiverTest {
    private static final String FIRING = AlertmanagerWebhookTest.message(AlertmanagerWebhookTest.alert("firing",
            "\"alertname\":\"HighErrorRate\",\"service\":\"checkout\",\"env\":\"production\",\"severity\":\"warning\"", ""));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<AlertBatch> bearerBatches = new CopyOnWriteArrayList<>();
    private static final List<AlertBatch> hmacBatches = new CopyOnWriteArrayList<>();
    private static AlertmanagerReceiver bearer;
    private static AlertmanagerReceiver hmac;
    private static final WebhookAuth.HmacSignature SIGNER = (WebhookAuth.HmacSignature) WebhookAuth.hmac("X-Rewind-Signature", "hmac-secret");

    @BeforeAll
    static void start() {
        bearer = AlertmanagerReceiver.start("127.0.0.1", 0, "/hooks/am",
                new AlertmanagerWebhook(WebhookAuth.bearer("good-token"), AlertMapping.defaults()), bearerBatches::add);
        hmac = AlertmanagerReceiver.start(new IntegrationConfig("alertmanager",
                Map.of("port", 0, "hmac_secret", "hmac-secret"), "rewind.yaml", 3, "alertmanager"), hmacBatches::add);
    }

    @AfterAll
    static void stop() {
        if (bearer != null) bearer.close();
        if (hmac != null) hmac.close();
    }

    @BeforeEach
    void clear() {
        bearerBatches.clear();
        hmacBatches.clear();
    }

    private static HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acceptsAnAuthenticatedAlertWith202AndHandsOverTheFinding() throws Exception {
        HttpResponse<String> response = post(bearer.url(), FIRING, "Authorization", "Bearer good-token");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(bearerBatches).singleElement().satisfies(b -> {
            assertThat(b.service()).isEqualTo("checkout");
            assertThat(b.findings()).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
        });
    }

    @Test
    void refusesAWrongTokenWith401AndHandsOverNothing() throws Exception {
        long before = bearer.rejectedCalls();

        HttpResponse<String> wrong = post(bearer.url(), FIRING, "Authorization", "Bearer bad-token");
        HttpResponse<String> missing = post(bearer.url(), FIRING);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("good-token");
        assertThat(bearer.rejectedCalls() - before).isEqualTo(2);
        assertThat(bearerBatches).isEmpty();
    }

    @Test
    void checksCredentialsBeforeThePayload() throws Exception {
        assertThat(post(bearer.url(), "not json", "Authorization", "Bearer bad-token").statusCode()).isEqualTo(401);
        assertThat(post(hmac.url(), "not json", "X-Rewind-Signature", SIGNER.signatureFor(FIRING.getBytes())).statusCode()).isEqualTo(401);
        assertThat(post(hmac.url(), "not json", "X-Rewind-Signature", SIGNER.signatureFor("not json".getBytes())).statusCode())
                .as("signed, so now the payload is judged").isEqualTo(400);
    }

    @Test
    void answers400NamingTheFieldOfABadPayload() throws Exception {
        String noService = FIRING.replace("\"service\":\"checkout\",", "");

        HttpResponse<String> response = post(bearer.url(), noService, "Authorization", "Bearer good-token");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"alerts[0].labels.service\"").contains("expected one of the labels");
        assertThat(bearerBatches).isEmpty();
    }

    @Test
    void acceptsABodySignedWithTheSharedSecret() throws Exception {
        HttpResponse<String> response = post(hmac.url(), FIRING, "X-Rewind-Signature", SIGNER.signatureFor(FIRING.getBytes()));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(hmac.url()).endsWith(AlertmanagerReceiver.DEFAULT_PATH);
        assertThat(hmacBatches).singleElement().satisfies(b -> assertThat(b.findings()).hasSize(1));
    }

    @Test
    void refusesABodyWhoseSignatureDoesNotMatch() throws Exception {
        String signedForOther = SIGNER.signatureFor(FIRING.replace("warning", "info").getBytes());

        assertThat(post(hmac.url(), FIRING, "X-Rewind-Signature", signedForOther).statusCode()).isEqualTo(401);
        assertThat(post(hmac.url(), FIRING).statusCode()).isEqualTo(401);
        assertThat(hmacBatches).isEmpty();
    }

    @Test
    void aNanValueIs400NamingTheAnnotationNeverA500NorAFinding() throws Exception {
        String nan = FIRING.replace("\"annotations\":{}", "\"annotations\":{\"value\":\"NaN\",\"threshold\":\"0.05\"}");
        assertThat(nan).contains("NaN");

        HttpResponse<String> response = post(bearer.url(), nan, "Authorization", "Bearer good-token");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"alerts[0].annotations.value\"").contains("\"error\":");
        assertThat(bearerBatches).isEmpty();
    }

    /** The firing message with a top-level field of {@code bytes} characters, which the parser would otherwise ignore. */
    private static String padded(int bytes) {
        String body = FIRING.replace("\"receiver\":", "\"padding\":\"" + "x".repeat(bytes) + "\",\"receiver\":");
        assertThat(body.length()).isGreaterThan(bytes);
        return body;
    }

    @Test
    void aTwoMegabyteBodyIsRefusedWith413BeforeAnythingIsParsed() throws Exception {
        HttpResponse<String> response = post(bearer.url(), padded(2 * 1024 * 1024), "Authorization", "Bearer good-token");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(bearerBatches).isEmpty();
        assertThat(post(bearer.url(), padded(256 * 1024), "Authorization", "Bearer good-token").statusCode())
                .as("a large body under the limit").isEqualTo(202);
    }

    @Test
    void aChunkedBodyOfTwoMegabytesIsRefusedWith413Too() throws Exception {
        byte[] big = padded(2 * 1024 * 1024)
                .getBytes(StandardCharsets.UTF_8);
        // a publisher of unknown length makes the client send Transfer-Encoding: chunked, with no Content-Length to check up front
        HttpRequest request = HttpRequest.newBuilder(URI.create(bearer.url())).header("Authorization", "Bearer good-token")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(bearerBatches).isEmpty();
    }

    @Test
    void deeplyNestedJsonIs400NamingTheBody() throws Exception {
        // 40 levels: deeper than any webhook message, though well within Jackson's own default limit
        String nested = FIRING.replace("\"receiver\":", "\"deep\":" + "[".repeat(40) + "]".repeat(40) + ",\"receiver\":");
        assertThat(nested).contains("[[[[");

        HttpResponse<String> response = post(bearer.url(), nested, "Authorization", "Bearer good-token");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"body\"").contains("nesting depth");
        assertThat(bearerBatches).isEmpty();
    }

    /** The config check cannot see where a name resolves or what Jetty binds; the receiver checks the socket itself. */
    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::"})
    void withoutAuthTheReceiverRefusesToListenAnywhereButLoopback(String host) throws Exception {
        int port = freePort();
        AtomicReference<AlertmanagerReceiver> started = new AtomicReference<>();
        try {
            Throwable refused = catchThrowable(() -> started.set(AlertmanagerReceiver.start(host, port, "/open",
                    new AlertmanagerWebhook(WebhookAuth.none(), AlertMapping.defaults()), b -> { })));

            assertThat(refused).isInstanceOfSatisfying(BadInputException.class, e -> {
                assertThat(e.field()).isEqualTo("host");
                assertThat(e.getMessage()).contains("loopback only");
            });
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("nothing listens").isInstanceOf(ConnectException.class);
        } finally {
            if (started.get() != null) started.get().close();
        }
    }

    @Test
    void withoutAuthTheReceiverListensOnLoopbackAndAnswers() throws Exception {
        try (AlertmanagerReceiver open = AlertmanagerReceiver.start(new IntegrationConfig("alertmanager",
                Map.of("port", 0, "host", "localhost", "insecure_no_auth", true), "rewind.yaml", 3, "alertmanager"), b -> { })) {
            assertThat(post("http://127.0.0.1:" + open.port() + AlertmanagerReceiver.DEFAULT_PATH, FIRING).statusCode()).isEqualTo(202);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aConfigWithoutAuthIsBadInputNamingTheSetting() {
        IntegrationConfig config = new IntegrationConfig("alertmanager", Map.of("port", 0), "rewind.yaml", 9, "alertmanager");

        assertThatThrownBy(() -> AlertmanagerReceiver.start(config, b -> { }))
                .isInstanceOfSatisfying(BadInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("alertmanager.bearer_token");
                    assertThat(e.line()).isEqualTo(9);
                });
    }
}
