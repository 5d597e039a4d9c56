package dev.rewind.integrations.prometheus;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.model.MetricSeries;
import dev.rewind.model.UnreachableException;
import dev.rewind.observe.MetricScope;
import dev.rewind.observe.MetricSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metrics from Prometheus' HTTP API: query_range for windows, query for single checks. One HttpClient
 * (kept-alive connections) and pre-rendered queries per release, so a detector can poll a short-window
 * query every second or two for the cost of one HTTP round trip.
 */
public final class PrometheusMetricSource implements MetricSource {
    /** Prometheus refuses ranges of more than 11,000 points; stay under it by widening the step. */
    private static final long MAX_POINTS = 10_000;
    /** Versions per batch query: keeps a query's regex and its answer bounded when very many checks fall due at once. */
    static final int MAX_VERSIONS_PER_QUERY = 1_000;
    /** Counters are read raw up to this span; a longer one is read as increases per step. */
    static final Duration RAW_SPAN = Duration.ofMinutes(20);
    /** How far before a raw read's start a counter is read too, so the first scrape in it has one before it. */
    static final Duration COUNTER_MARGIN = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final PrometheusSettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Map<MetricScope, Map<String, String>> rendered = new ConcurrentHashMap<>();
    private final AtomicLong skippedNonFinite = new AtomicLong();

    public PrometheusMetricSource(PrometheusSettings settings) {
        this.settings = settings;
        this.authorization = settings.auth().headerValue();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout());
        if ("https".equals(settings.url().getScheme())) builder.sslContext(PrometheusTls.sslContext(settings));
        this.http = builder.build();
    }

    /** Reads a {@code type: prometheus} block; errors name the file, line and setting. */
    public static PrometheusMetricSource from(IntegrationConfig config) {
        return new PrometheusMetricSource(PrometheusSettings.from(config));
    }

    public PrometheusSettings settings() {
        return settings;
    }

    @Override
    public MetricSeries range(MetricScope scope, String metric, Instant from, Instant to) {
        if (settings.queries().isCounter(metric)) {
            return counterRange(scope, metric, from, to).getOrDefault(metric, new MetricSeries(metric, java.util.List.of()));
        }
        return rangeQuery(scope, metric, from, to).series();
    }

    /**
     * One query_range per metric over every version of {@code scopes} (per service and environment, when the template
     * names them; at most {@value #MAX_VERSIONS_PER_QUERY} versions a query), answered by version. A metric whose
     * template the config wrote for one release, or a version the batch regex may not hold, is read one release at a
     * time as before.
     */
    @Override
    public Map<MetricScope, MetricSeries> rangeAll(String metric, List<MetricScope> scopes, Instant from, Instant to) {
        Map<MetricScope, MetricSeries> out = new LinkedHashMap<>();
        String template = settings.queries().batchTemplate(metric);
        Map<String, List<MetricScope>> groups = new LinkedHashMap<>();
        for (MetricScope scope : scopes) {
            if (out.containsKey(scope)) continue;
            if (template == null || !PrometheusQueries.batchable(scope.version())) {
                out.put(scope, range(scope, metric, from, to));
            } else {
                groups.computeIfAbsent(PrometheusQueries.batchKey(template, scope), k -> new ArrayList<>()).add(scope);
            }
        }
        for (List<MetricScope> group : groups.values()) {
            Set<String> versions = new LinkedHashSet<>();
            group.forEach(s -> versions.add(s.version()));
            List<String> all = List.copyOf(versions);
            Map<String, MetricSeries> byVersion = new java.util.HashMap<>();
            for (int i = 0; i < all.size(); i += MAX_VERSIONS_PER_QUERY) {
                List<String> chunk = all.subList(i, Math.min(all.size(), i + MAX_VERSIONS_PER_QUERY));
                byVersion.putAll(batch(metric, PrometheusQueries.renderBatch(template, group.getFirst(), chunk), from, to));
            }
            MetricSeries none = new MetricSeries(metric, List.of());
            for (MetricScope scope : group) out.put(scope, byVersion.getOrDefault(scope.version(), none));
        }
        return out;
    }

    private Map<String, MetricSeries> batch(String metric, String promql, Instant from, Instant to) {
        String field = "queries." + metric;
        JsonNode data = post("query_range", rangeParams(promql, from, to), promql, field);
        Map<String, PrometheusResponse> answers;
        try {
            answers = PrometheusResponse.readByLabel(data, PrometheusQueries.VERSION_LABEL);
        } catch (IllegalStateException e) {
            throw badQuery(field, "batch query '" + promql + "' does not give one series per version: " + e.getMessage()
                    + "; a batch query keeps the version label (sum by (version) (...))");
        } catch (IllegalArgumentException e) {
            throw new UnreachableException(url("/api/v1/query_range"), "answered something that is not a Prometheus result: " + e.getMessage(), e);
        }
        Map<String, MetricSeries> out = new java.util.HashMap<>();
        answers.forEach((version, answer) -> {
            skippedNonFinite.addAndGet(answer.skipped);
            // query_range includes its start; the port promises from < at <= to
            out.put(version, new MetricSeries(metric, new MetricSeries(metric, answer.samples).window(from, to)));
        });
        return out;
    }

    @Override
    public Map<String, MetricSeries> rangeAll(MetricScope scope, String metric, Instant from, Instant to) {
        if (settings.queries().isCounter(metric)) return counterRange(scope, metric, from, to);
        return Map.of(metric, range(scope, metric, from, to));
    }

    /**
     * A counter's increases in {@code (from, to]}. Up to {@link #RAW_SPAN} the raw samples, scrape by scrape; a longer span
     * (a day of baseline) as Prometheus' {@code increase()} per step, at most about 720 of them.
     */
    Map<String, MetricSeries> counterRange(MetricScope scope, String metric, Instant from, Instant to) {
        String selector = settings.queries().renderCounter(metric, scope);
        boolean byLe = selector.replaceAll("\\{.*", "").trim().endsWith("_bucket");
        Duration span = Duration.between(from, to);
        String field = "counters." + metric;
        if (span.compareTo(RAW_SPAN) <= 0) {
            Duration margin = max(settings.resolution().multipliedBy(3), COUNTER_MARGIN);
            long rangeMillis = span.plus(margin).toMillis();
            String promql = selector + "[" + rangeMillis + "ms]";
            JsonNode data = runData(promql, "query", instantParams(promql, to), field);
            return CounterIncreases.of(data, metric, byLe, to.minusMillis(rangeMillis), margin, from, to);
        }
        long stepSeconds = Math.max(Math.max(1, settings.resolution().toSeconds()), (span.toSeconds() + 719) / 720);
        String promql = (byLe ? "sum by (le) " : "sum ") + "(increase(" + selector + "[" + stepSeconds + "s]))";
        // the last step ends at `to`, so the newest history (just before a deploy) is never cut off
        long steps = Math.max(1, span.toSeconds() / stepSeconds);
        Instant start = to.minusSeconds(stepSeconds * (steps - 1));
        String params = form("query", promql) + "&" + form("start", seconds(start)) + "&" + form("end", seconds(to))
                + "&" + form("step", stepSeconds + "s") + "&" + form("timeout", timeoutParam());
        return CounterIncreases.ofSteps(runData(promql, "query_range", params, field), metric, byLe);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Like {@link #range} but also tells how many NaN/Inf samples were skipped. */
    public QueryResult rangeQuery(MetricScope scope, String metric, Instant from, Instant to) {
        String promql = promql(scope, metric);
        QueryResult all = run(metric, promql, "query_range", rangeParams(promql, from, to), "queries." + metric);
        // query_range includes its start; the port promises from < at <= to
        MetricSeries trimmed = new MetricSeries(metric, all.series().window(from, to));
        return new QueryResult(promql, trimmed, all.skippedNonFinite());
    }

    /** The metric's value at {@code at} (empty series: no data), via one instant query. */
    public QueryResult instant(MetricScope scope, String metric, Instant at) {
        String promql = promql(scope, metric);
        return run(metric, promql, "query", instantParams(promql, at), "queries." + metric);
    }

    /** Any PromQL at {@code at}: for callers that build their own short-window queries (rate(x[6s])). */
    public QueryResult instantQuery(String promql, Instant at) {
        return run("query", promql, "query", instantParams(promql, at), "query");
    }

    /** NaN and infinite samples skipped since this source was made (each answer also says its own count). */
    public long skippedNonFinite() {
        return skippedNonFinite.get();
    }

    @Override
    public void checkOnline() {
        HttpRequest request = request(endpoint("/api/v1/status/buildinfo")).GET().build();
        HttpResponse<byte[]> response = send(request, "/api/v1/status/buildinfo");
        if (response.statusCode() / 100 != 2) {
            throw new UnreachableException(url("/api/v1/status/buildinfo"), "answered HTTP " + response.statusCode(), null);
        }
    }

    @Override
    public boolean serves(String metric) {
        return settings.queries().knows(metric);
    }

    @Override
    public Duration resolution() {
        return settings.resolution();
    }

    @Override
    public String toString() {
        return "PrometheusMetricSource[" + settings.displayUrl() + ", auth=" + settings.auth() + "]";
    }

    private String promql(MetricScope scope, String metric) {
        // a long-running controller sees many releases; old ones need no cached queries
        if (rendered.size() > 256) rendered.clear();
        return rendered.computeIfAbsent(scope, s -> new ConcurrentHashMap<>()).computeIfAbsent(metric, m -> {
            String q = settings.queries().render(m, scope);
            if (q == null) {
                throw new BadInputException(settings.source().file(), settings.source().line(), settings.source().path() + ".queries." + m,
                        "no PromQL for metric '" + m + "'; expected one of " + settings.queries().templates().keySet() + " or a queries." + m + " entry");
            }
            return q;
        });
    }

    private String instantParams(String promql, Instant at) {
        return form("query", promql) + "&" + form("time", seconds(at)) + "&" + form("timeout", timeoutParam());
    }

    private String rangeParams(String promql, Instant from, Instant to) {
        if (!to.isAfter(from)) throw new IllegalArgumentException("range needs from < to, got " + from + " .. " + to);
        long spanMillis = Duration.between(from, to).toMillis();
        long stepMillis = Math.max(settings.step().toMillis(), (spanMillis + MAX_POINTS - 1) / MAX_POINTS);
        return form("query", promql) + "&" + form("start", seconds(from)) + "&" + form("end", seconds(to))
                + "&" + form("step", String.valueOf(stepMillis / 1000.0)) + "&" + form("timeout", timeoutParam());
    }

    /** The {@code data} of a successful answer, whatever its shape. */
    private JsonNode runData(String promql, String api, String body, String field) {
        String path = "/api/v1/" + api;
        HttpRequest request = request(endpoint(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<byte[]> response = send(request, path);
        JsonNode json = parse(response, path);
        if (!"success".equals(json.path("status").asString(""))) throw failure(json, response.statusCode(), path, promql, field);
        return json.path("data");
    }

    private QueryResult run(String metric, String promql, String api, String body, String field) {
        JsonNode data = post(api, body, promql, field);
        String path = "/api/v1/" + api;
        try {
            PrometheusResponse answer = PrometheusResponse.read(data);
            if (answer.seriesCount > 1) {
                throw badQuery(field, "query '" + promql + "' returned " + answer.seriesCount
                        + " series; expected one: aggregate it (sum, max, avg) so each release gives one value");
            }
            skippedNonFinite.addAndGet(answer.skipped);
            if (answer.skipped > 0) {
                org.slf4j.LoggerFactory.getLogger(PrometheusMetricSource.class).warn("{}: {} sample(s) of '{}' were NaN, infinite or beyond ±{}; "
                        + "treated as no data", url(path), answer.skipped, promql, dev.rewind.model.Sample.MAX_MAGNITUDE);
            }
            return new QueryResult(promql, new MetricSeries(metric, answer.samples), answer.skipped);
        } catch (IllegalArgumentException e) {
            throw new UnreachableException(url(path), "answered something that is not a Prometheus result: " + e.getMessage(), e);
        }
    }

    /** The {@code data} of a successful answer; Prometheus' own errors become bad input or unreachability. */
    private JsonNode post(String api, String body, String promql, String field) {
        String path = "/api/v1/" + api;
        HttpRequest request = request(endpoint(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<byte[]> response = send(request, path);
        JsonNode json = parse(response, path);
        if (!"success".equals(json.path("status").asString(""))) throw failure(json, response.statusCode(), path, promql, field);
        return json.path("data");
    }

    private HttpResponse<byte[]> send(HttpRequest request, String path) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                String detail = "HTTP " + response.statusCode() + (authorization == null ? ", and no credentials are configured" : "");
                throw UnreachableException.unauthorized(url(path), detail);
            }
            return response;
        } catch (HttpTimeoutException e) {
            throw new UnreachableException(url(path), "timed out after " + seconds(settings.timeout()), e);
        } catch (ConnectException e) {
            throw new UnreachableException(url(path), "connection refused or failed" + why(e), e);
        } catch (SSLException e) {
            throw new UnreachableException(url(path), "TLS failed" + why(e), e);
        } catch (IOException e) {
            throw new UnreachableException(url(path), e.getClass().getSimpleName() + why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException(url(path), "interrupted while waiting for the answer", e);
        }
    }

    private JsonNode parse(HttpResponse<byte[]> response, String path) {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new UnreachableException(url(path), "answered HTTP " + response.statusCode() + " without Prometheus JSON", e);
        }
    }

    /** Prometheus' error JSON: the query's fault is bad input; its own trouble is unreachability. */
    private RuntimeException failure(JsonNode json, int status, String path, String promql, String field) {
        String type = json.path("errorType").asString("unknown");
        String message = json.path("error").asString("no message");
        return switch (type) {
            case "bad_data", "execution" -> badQuery(field, "Prometheus rejected query '" + promql + "' (" + type + "): " + message);
            case "timeout", "canceled" -> new UnreachableException(url(path), "timed out after " + seconds(settings.timeout()) + " (" + message + ")", null);
            default -> new UnreachableException(url(path), "answered HTTP " + status + " " + type + ": " + message, null);
        };
    }

    private BadInputException badQuery(String field, String problem) {
        PrometheusSettings.Source s = settings.source();
        return new BadInputException(s.file(), s.line(), s.path() + "." + field, problem);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("Accept", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        return b;
    }

    private URI endpoint(String path) {
        return URI.create(settings.url() + path);
    }

    private String url(String path) {
        return settings.displayUrl() + path;
    }

    private String timeoutParam() {
        return Math.max(1, settings.timeout().toMillis()) + "ms";
    }

    private static String why(Exception e) {
        return e.getMessage() == null ? "" : ": " + e.getMessage();
    }

    private static String seconds(Duration d) {
        return (d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0)) + "s";
    }

    private static String seconds(Instant at) {
        return java.math.BigDecimal.valueOf(at.toEpochMilli(), 3).toPlainString();
    }

    private static String form(String key, String value) {
        return key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
