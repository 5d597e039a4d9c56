package dev.rewind.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rewind.model.SmokeTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSmokeTestRunnerTest {
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/login", ex -> {
            boolean authed = "demo".equals(ex.getRequestHeaders().getFirst("X-User"));
            byte[] body = (authed ? "{\"status\":\"logged in\"}" : "{\"status\":\"denied\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(authed ? 200 : 401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private SmokeTest test(String name, String path, Map<String, String> headers, int status, String contains, Duration timeout) {
        return new SmokeTest(name, "GET", base + path, headers, null, status, contains, timeout);
    }

    @Test
    void passesOnTheExpectedStatusAndBodyAndNamesWhatDiffered() {
        List<SmokeTestResult> results = new HttpSmokeTestRunner().run(List.of(
                test("login", "/login", Map.of("X-User", "demo"), 200, "logged in", null),
                test("login without user", "/login", Map.of(), 200, null, null),
                test("login body", "/login", Map.of("X-User", "demo"), 200, "welcome", null)));

        assertThat(results).extracting(SmokeTestResult::passed).containsExactly(true, false, false);
        assertThat(results.get(1).detail()).isEqualTo("expected status 200, got 401");
        assertThat(results.get(2).detail()).contains("'welcome'");
        assertThat(results.get(0).duration()).isPositive();
    }

    @Test
    void aSlowAnswerFailsAtTheTestsTimeout() {
        SmokeTestResult r = new HttpSmokeTestRunner().run(List.of(test("slow", "/slow", Map.of(), 200, null, Duration.ofMillis(200)))).get(0);

        assertThat(r.passed()).isFalse();
        assertThat(r.status()).isZero();
        assertThat(r.detail()).contains("no answer within");
    }

    @Test
    void headersAreFilledInWhenSentNotSentAsConfigured() {
        SmokeTest t = test("login", "/login", Map.of("X-User", "${DEMO_USER}"), 200, "logged in", null);

        SmokeTestResult r = new HttpSmokeTestRunner(new HttpSmokeTestRunner.Values((name, raw) -> raw.replace("${DEMO_USER}", "demo"), b -> b)).run(List.of(t)).get(0);

        assertThat(r.passed()).as(r.detail()).isTrue();
    }

    @Test
    void aHeaderTheJdkRefusesIsNamedNeverQuoted() {
        // A4: the JDK's "invalid header value: \"TopSecretValue42\n\"" went into the step's detail, the journal and the API
        SmokeTest t = test("orders", "/login", Map.of("X-Auth-Key", "${SHOP_KEY}"), 200, null, null);

        SmokeTestResult r = new HttpSmokeTestRunner(new HttpSmokeTestRunner.Values((name, raw) -> "TopSecretValue42\n", b -> b))
                .run(List.of(t)).get(0);

        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).isEqualTo("invalid value in header X-Auth-Key").doesNotContain("TopSecret");
    }

    @Test
    void theBodyIsFilledInWhenSentNotSentAsConfigured() {
        // A10: ${VAR} in a body was sent literally
        SmokeTest t = new SmokeTest("order", "POST", base + "/echo", Map.of(), "{\"key\":\"${ORDER_KEY}\"}", 200, "{\"key\":\"k-42\"}", null);

        SmokeTestResult r = new HttpSmokeTestRunner(new HttpSmokeTestRunner.Values((n, v) -> v, b -> b.replace("${ORDER_KEY}", "k-42")))
                .run(List.of(t)).get(0);

        assertThat(r.passed()).as(r.detail()).isTrue();
    }

    @Test
    void anUnreachableServiceFailsWithTheUrlButNotItsCredentials() {
        server.stop(0);
        SmokeTest t = new SmokeTest("down", "GET", "http://admin:hunter2@127.0.0.1:" + server.getAddress().getPort() + "/x?token=abc",
                Map.of(), null, 200, null, Duration.ofSeconds(2));

        SmokeTestResult r = new HttpSmokeTestRunner().run(List.of(t)).get(0);

        assertThat(r.passed()).isFalse();
        assertThat(r.detail()).contains("127.0.0.1").doesNotContain("hunter2", "abc");
    }
}
