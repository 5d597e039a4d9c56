package dev.rewind.verify;

import dev.rewind.model.SmokeTest;
import dev.rewind.secrets.UrlCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Smoke tests over HTTP. Durations are real request times (System.nanoTime), not engine time: they report how
 * slow the service answered, and the engine never waits on them.
 */
public final class HttpSmokeTestRunner implements SmokeTestRunner {
    private final HttpClient client;
    private final BiFunction<String, String, String> headerValue;

    /**
     * @param headerValue a header's value to send, given its name and its value as configured: the config keeps
     *                    {@code ${VAR}} raw in headers (they may carry tokens) until a test is sent
     */
    public HttpSmokeTestRunner(HttpClient client, BiFunction<String, String, String> headerValue) {
        this.client = client;
        this.headerValue = headerValue;
    }

    public HttpSmokeTestRunner(HttpClient client) {
        this(client, (name, value) -> value);
    }

    public HttpSmokeTestRunner(BiFunction<String, String, String> headerValue) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), headerValue);
    }

    public HttpSmokeTestRunner() {
        this((name, value) -> value);
    }

    @Override
    public List<SmokeTestResult> run(List<SmokeTest> tests) {
        List<SmokeTestResult> results = new ArrayList<>();
        for (SmokeTest t : tests) results.add(runOne(t));
        return results;
    }

    private SmokeTestResult runOne(SmokeTest t) {
        long start = System.nanoTime();
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(t.url())).timeout(t.timeout())
                    .method(t.method(), t.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(t.body()));
            t.headers().forEach((name, value) -> req.header(name, headerValue.apply(name, value)));
            HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (resp.statusCode() != t.expectStatus()) {
                return new SmokeTestResult(t.name(), false, resp.statusCode(), took,
                        "expected status " + t.expectStatus() + ", got " + resp.statusCode());
            }
            if (t.expectBodyContains() != null && !resp.body().contains(t.expectBodyContains())) {
                return new SmokeTestResult(t.name(), false, resp.statusCode(), took,
                        "expected the body to contain '" + t.expectBodyContains() + "'");
            }
            return new SmokeTestResult(t.name(), true, resp.statusCode(), took, "status " + resp.statusCode());
        } catch (HttpTimeoutException e) {
            return failed(t, start, "no answer within " + t.timeout());
        } catch (IOException | IllegalArgumentException e) {
            return failed(t, start, "request to " + safeUrl(t.url()) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(t, start, "interrupted");
        }
    }

    private static SmokeTestResult failed(SmokeTest t, long start, String why) {
        return new SmokeTestResult(t.name(), false, 0, Duration.ofNanos(System.nanoTime() - start), why);
    }

    /** Drops user:password@ and the query, which may carry a token. */
    static String safeUrl(String url) {
        return UrlCredentials.strip(url);
    }
}
