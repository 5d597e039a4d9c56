package dev.rewind.bench;

import dev.rewind.store.ApiTokens;
import dev.rewind.store.RewindStore;
import dev.rewind.time.TimeSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code rewind serve} run as a team runs it: a child JVM with the example config, its own SQLite store holding one
 * operator token, listening on a free port. Releases are registered through the REST API ({@code POST
 * /api/v1/releases}), exactly what {@code rewind release register} sends.
 */
public final class ServeChild implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern LISTENING = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private final RewindChild child;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private URI api;

    private ServeChild(RewindChild child, String token) {
        this.child = child;
        this.token = token;
    }

    /** Starts serve and returns once {@code /readyz} answers 200 (or throws with its output after a minute). */
    public static ServeChild start(RewindChild.Launcher launcher, Path dir, String config, TimeSource time) throws IOException, InterruptedException {
        Path cfg = Files.writeString(dir.resolve("rewind.yaml"), config);
        Path store = dir.resolve("rewind.db");
        String token;
        try (RewindStore s = RewindStore.open(store.toString())) {
            token = s.tokens().create("bench", ApiTokens.Role.OPERATOR, "bench", Instant.now()).secret();
        }
        ServeChild serve = new ServeChild(RewindChild.start(launcher, dir, store, "rewind-serve.log", List.of("serve", "--config", cfg.toString(),
                "--store", store.toString(), "--port", "0", "--out", dir.resolve("rewind-out").toString())), token);
        try {
            serve.awaitReady(time);
        } catch (RuntimeException e) {
            serve.close();
            throw e;
        }
        return serve;
    }

    private void awaitReady(TimeSource time) {
        Instant deadline = time.now().plus(READY_WAIT);
        while (time.now().isBefore(deadline)) {
            if (!child.isAlive()) throw new IllegalStateException("rewind serve ended before it was ready:\n" + output());
            if (api == null) {
                Matcher m = LISTENING.matcher(output());
                if (m.find()) api = URI.create(m.group(1));
            }
            if (api != null && status("/readyz") == 200) return;
            time.pause(Duration.ofMillis(100)); // polling a child's start-up, bounded by the deadline above
        }
        throw new IllegalStateException("rewind serve was not ready within " + READY_WAIT.toSeconds() + " s (address: " + api + "):\n" + output());
    }

    /** {@code POST /api/v1/releases}: the release green after blue in production, deployed at {@code deployedAt}. */
    public JsonNode register(String version, String previous, Instant deployedAt) {
        String body = "{\"environment\": \"production\", \"version\": \"" + version + "\", \"previous\": \"" + previous
                + "\", \"deployed_at\": \"" + deployedAt + "\"}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(api.resolve("/api/v1/releases")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 201) throw new IllegalStateException("registering " + version + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** The newest rollback once it has finished (success, failed, aborted), else empty. */
    public Optional<JsonNode> finishedRollback() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(api.resolve("/api/v1/rollbacks")).GET());
        if (r.statusCode() != 200) return Optional.empty();
        JsonNode list = JSON.readTree(r.body()).path("rollbacks");
        if (list.isEmpty()) return Optional.empty();
        JsonNode newest = list.get(0);
        return newest.path("finished_at").isNull() || newest.path("finished_at").isMissingNode() ? Optional.empty() : Optional.of(newest);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public boolean isAlive() {
        return child.isAlive();
    }

    public String output() {
        return child.output();
    }

    public Path store() {
        return child.store();
    }

    /** SIGTERM (serve's clean stop), then a kill if it does not end. */
    @Override
    public void close() {
        child.close();
    }
}
