package dev.rewind.model;

import java.time.Duration;
import java.util.Map;

/**
 * An HTTP check run after a rollback: expected status, and optionally a substring the body must contain.
 */
public record SmokeTest(String name, String method, String url, Map<String, String> headers, String body,
                        int expectStatus, String expectBodyContains, Duration timeout) {
    public SmokeTest {
        method = method == null ? "GET" : method;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        if (expectStatus < 100 || expectStatus > 599) throw new IllegalArgumentException("smoke test " + name + ": expect status 100..599, got " + expectStatus);
    }
}
