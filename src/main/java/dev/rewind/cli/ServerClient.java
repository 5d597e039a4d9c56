package dev.rewind.cli;

import dev.rewind.model.BadInputException;
import dev.rewind.model.ConflictException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command line's client of a running {@code rewind serve}. The token comes from {@code REWIND_TOKEN} or a file,
 * never from an argument (arguments show in process lists); it is never printed. The server's error shape becomes
 * the matching exception, so exit codes stay the documented ones.
 */
final class ServerClient {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerClient(String server, Path tokenFile) {
        URI uri;
        try {
            uri = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--server", 0, "server", "expected a URL such as http://127.0.0.1:8080");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null || uri.getUserInfo() != null
                || uri.getQuery() != null) {
            throw new BadInputException("--server", 0, "server", "expected an http(s) URL with a host and nothing else, such as http://127.0.0.1:8080");
        }
        this.base = uri;
        this.token = token(tokenFile);
    }

    private static String token(Path file) {
        String t;
        if (file != null) {
            try {
                t = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new BadInputException(file.toString(), 0, "--token-file", "cannot read the token file: " + e.getMessage());
            }
        } else {
            t = System.getenv("REWIND_TOKEN");
        }
        if (t == null || t.isBlank()) {
            throw new BadInputException("--token-file", 0, "token", "no API token: set REWIND_TOKEN or pass --token-file (create one with 'rewind token create')");
        }
        if (t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) throw new BadInputException("--token-file", 0, "token", "the token holds characters a token cannot have");
        return t;
    }

    JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), path);
    }

    private JsonNode send(HttpRequest.Builder b, String path) {
        HttpRequest request = b.header("Authorization", "Bearer " + token).header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UnreachableException(base + path, "connection failed (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException(base + path, "interrupted", e);
        }
        JsonNode json;
        try {
            json = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (RuntimeException e) {
            throw new UnreachableException(base + path, "answered HTTP " + r.statusCode() + " without JSON; is this a Rewind server?", null);
        }
        if (r.statusCode() < 400) return json;
        JsonNode err = json.path("error");
        String message = err.path("message").asString("HTTP " + r.statusCode());
        String field = err.path("field").isMissingNode() ? null : err.path("field").asString();
        throw switch (r.statusCode()) {
            case 401 -> UnreachableException.unauthorized(base + path, "the server refused the token");
            case 403 -> new BadInputException("server", 0, null, "the token's role may not do this: " + message);
            case 404 -> new BadInputException("server", 0, null, "not found: " + message); // exit 2, as NotFoundException would
            case 409 -> new ConflictException(message);
            case 400, 413 -> new BadInputException("server", 0, field, message);
            default -> new UnreachableException(base + path, "answered HTTP " + r.statusCode() + ": " + message, null);
        };
    }
}
