package dev.rewind.verify;

import dev.rewind.model.SmokeTest;
import dev.rewind.secrets.Redactor;
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
import java.util.function.UnaryOperator;

/**
 * Smoke tests over HTTP. Durations are real request times (System.nanoTime), not engine time: they report how
 * slow the service answered, and the engine never waits on them.
 */
public final class HttpSmokeTestRunner implements SmokeTestRunner {
    /**
     * What to send for a test's configured header values and body: the config keeps {@code ${VAR}} raw in both
     * (they may carry tokens) until a test is sent.
     *
     * @param header a header's value, given its name and its value as configured
     * @param body   the body, given as configured
     */
    public record Values(BiFunction<String, String, String> header, UnaryOperator<String> body) {
        public static final Values AS_CONFIGURED = new Values((name, value) -> value, UnaryOperator.identity());
    }

    private final HttpClient client;
    private final Values values;

    public HttpSmokeTestRunner(HttpClient client, Values values) {
        this.client = client;
        this.values = values;
    }

    public HttpSmokeTestRunner(HttpClient client) {
        this(client, Values.AS_CONFIGURED);
    }

    public HttpSmokeTestRunner(Values values) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), values);
    }

    public HttpSmokeTestRunner() {
        this(Values.AS_CONFIGURED);
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
                    .method(t.method(), t.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(values.body().apply(t.body())));
            for (var h : t.headers().entrySet()) {
                String value = values.header().apply(h.getKey(), h.getValue());
                try {
                    req.header(h.getKey(), value);
                } catch (IllegalArgumentException e) {
                    // the JDK's message quotes the value, which may be a token: name the header only
                    return failed(t, start, "invalid value in header " + printable(h.getKey()));
                }
            }
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
            return failed(t, start, "request to " + safeUrl(t.url()) + " failed: " + Redactor.redact(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(t, start, "interrupted");
        }
    }

    private static SmokeTestResult failed(SmokeTest t, long start, String why) {
        return new SmokeTestResult(t.name(), false, 0, Duration.ofNanos(System.nanoTime() - start), why);
    }

    /** A header name as configured, shown safely (it is no secret, but may hold anything YAML allows). */
    private static String printable(String name) {
        return name.replaceAll("[^\\x21-\\x7E]", "?");
    }

    /** Drops user:password@ and the query, which may carry a token. */
    static String safeUrl(String url) {
        return UrlCredentials.strip(url);
    }
}
