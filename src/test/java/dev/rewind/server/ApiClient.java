package dev.rewind.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls a server on loopback the way curl would, for the server's tests: method, path, body, bearer token. */
final class ApiClient {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** An answer: status, the body as JSON when it is JSON (else null), the raw body and the headers. */
    record Answer(int status, JsonNode body, String raw, Map<String, List<String>> headers) {
        String errorCode() {
            return body == null ? null : body.path("error").path("code").asString(null);
        }

        String errorField() {
            return body == null ? null : body.path("error").path("field").asString(null);
        }

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null || v.isEmpty() ? null : v.getFirst();
        }
    }

    Answer call(String method, String path, String body, String token) throws IOException, InterruptedException {
        return call(method, path, body == null ? null : HttpRequest.BodyPublishers.ofString(body), token, Map.of());
    }

    Answer call(String method, String path, HttpRequest.BodyPublisher body, String token, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), json(r.body()), r.body(), r.headers().map());
    }

    private static JsonNode json(String raw) {
        if (raw == null || raw.isBlank() || !(raw.trim().startsWith("{") || raw.trim().startsWith("["))) return null;
        try {
            return JSON.readTree(raw);
        } catch (JacksonException e) {
            return null;
        }
    }
}
