package dev.rewind.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Waits on a real Prometheus, bounded, by asking it: until it holds a version's samples up to a given time (a
 * baseline window of real traffic), or until it answers {@code /-/ready} after a restart. A failure says what was
 * awaited and what Prometheus last answered.
 */
final class PrometheusHistory {
    private static final Duration POLL = Duration.ofMillis(250);

    private PrometheusHistory() {
    }

    /** Until Prometheus has scraped {@code version}'s request counter at or after {@code until}. */
    static void awaitSamplesUntil(URI prometheus, String version, Instant until, Duration limit) throws InterruptedException {
        String query = "timestamp(http_requests_total{version=\"" + version + "\",code=\"200\"})";
        URI url = URI.create(prometheus + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        await("a sample of " + version + "'s http_requests_total scraped at or after " + until + " (" + query + ")", limit, http -> {
            String body = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            JsonNode result = new ObjectMapper().readTree(body).path("data").path("result");
            if (result.isEmpty()) return "no series yet: " + body;
            double seconds = Double.parseDouble(result.get(0).path("value").get(1).asString());
            Instant latest = Instant.ofEpochMilli(Math.round(seconds * 1000));
            return latest.isBefore(until) ? "latest sample at " + latest : null;
        });
    }

    /** Until GET /-/ready answers 200: a restarted Prometheus listens before it has loaded its data and answers queries. */
    static void awaitReady(URI prometheus, Duration limit) throws InterruptedException {
        URI url = URI.create(prometheus + "/-/ready");
        await("GET " + url + " to answer 200", limit, http -> {
            int status = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : "status " + status;
        });
    }

    /** One attempt: null when the condition holds, otherwise what was seen. */
    private interface Probe {
        String attempt(HttpClient http) throws IOException, InterruptedException;
    }

    private static void await(String awaited, Duration limit, Probe probe) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String seen = "no attempt made";
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                try {
                    seen = probe.attempt(http);
                } catch (IOException | RuntimeException e) {
                    seen = e.toString();
                }
                if (seen == null) return;
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis()); // a poll interval; the loop ends on the condition or the deadline
            }
        }
        throw new AssertionError("Prometheus: no " + awaited + " within " + limit.toSeconds() + " s; last seen: " + seen);
    }
}
