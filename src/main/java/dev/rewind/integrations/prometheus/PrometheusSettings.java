package dev.rewind.integrations.prometheus;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.secrets.SecretRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Validated settings of a {@code type: prometheus} block. {@code source} names the config file, line and
 * path, so a query Prometheus rejects is reported against the config that holds it.
 *
 * @param caFile         PEM file with the CA(s) that signed Prometheus' certificate, or null for the JDK's trust store
 * @param scrapeInterval how often Prometheus scrapes the service (scrape_interval_seconds), or null when not told;
 *                       with the step it bounds how short a window can be and still hold a fresh sample
 */
public record PrometheusSettings(URI url, PrometheusQueries queries, Duration step, Duration timeout,
                                 PrometheusAuth auth, Path caFile, boolean insecureSkipVerify, Source source, Duration scrapeInterval) {

    /** Where the settings came from, for error messages. */
    public record Source(String file, int line, String path) {
        public static final Source CODE = new Source("prometheus settings", 0, "metrics");
    }

    static final Set<String> KEYS = Set.of("url", "queries", "counters", "step_seconds", "timeout_seconds", "scrape_interval_seconds",
            "bearer_token", "username", "password", "tls");
    /** A counter is read raw, so it must be a plain selector: a metric name and optional {labels}, no functions. */
    private static final java.util.regex.Pattern SELECTOR = java.util.regex.Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*\\s*(\\{[^{}]*\\})?");
    private static final Set<String> TLS_KEYS = Set.of("ca_file", "insecure_skip_verify");

    public PrometheusSettings {
        if (step.isZero() || step.isNegative()) throw new IllegalArgumentException("step must be positive");
        if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("timeout must be positive");
        auth = auth == null ? new PrometheusAuth.None() : auth;
        source = source == null ? Source.CODE : source;
        if (scrapeInterval != null && (scrapeInterval.isZero() || scrapeInterval.isNegative())) throw new IllegalArgumentException("scrape interval must be positive");
    }

    public PrometheusSettings(URI url, PrometheusQueries queries, Duration step, Duration timeout,
                              PrometheusAuth auth, Path caFile, boolean insecureSkipVerify, Source source) {
        this(url, queries, step, timeout, auth, caFile, insecureSkipVerify, source, null);
    }

    /** The spacing of the samples range queries return: the step, or the scrape interval when it is longer. */
    public Duration resolution() {
        return scrapeInterval != null && scrapeInterval.compareTo(step) > 0 ? scrapeInterval : step;
    }

    /** Plain settings for code and tests: default queries, 15 s step, 10 s timeout, no auth, JDK trust store. */
    public static PrometheusSettings of(URI url) {
        return new PrometheusSettings(url, PrometheusQueries.withOverrides(Map.of()), Duration.ofSeconds(15),
                Duration.ofSeconds(10), new PrometheusAuth.None(), null, false, Source.CODE);
    }

    public PrometheusSettings withQueries(Map<String, String> overrides) {
        return new PrometheusSettings(url, PrometheusQueries.withOverrides(overrides), step, timeout, auth, caFile, insecureSkipVerify, source, scrapeInterval);
    }

    public PrometheusSettings withStep(Duration newStep) {
        return new PrometheusSettings(url, queries, newStep, timeout, auth, caFile, insecureSkipVerify, source, scrapeInterval);
    }

    public PrometheusSettings withTimeout(Duration newTimeout) {
        return new PrometheusSettings(url, queries, step, newTimeout, auth, caFile, insecureSkipVerify, source, scrapeInterval);
    }

    public PrometheusSettings withAuth(PrometheusAuth newAuth) {
        return new PrometheusSettings(url, queries, step, timeout, newAuth, caFile, insecureSkipVerify, source, scrapeInterval);
    }

    public PrometheusSettings withTls(Path newCaFile, boolean skipVerify) {
        return new PrometheusSettings(url, queries, step, timeout, auth, newCaFile, skipVerify, source, scrapeInterval);
    }

    /** The URL as shown in messages: no user:password@, no query string. */
    public String displayUrl() {
        return displayUrl(url);
    }

    static String displayUrl(URI uri) {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }

    public static PrometheusSettings from(IntegrationConfig config) {
        config.allowOnly(KEYS);
        URI url = parseUrl(config);
        Map<String, String> queries = stringMap(config, "queries");
        Map<String, String> counters = stringMap(config, "counters");
        for (Map.Entry<String, String> c : counters.entrySet()) {
            if (!SELECTOR.matcher(c.getValue().trim()).matches()) {
                throw config.error("counters." + c.getKey(), "expected a counter selector such as http_requests_total{version=\"$version\"} "
                        + "(Rewind reads its raw samples, so no functions or ranges), found '" + c.getValue().trim() + "'");
            }
            if (queries.containsKey(c.getKey())) throw config.error("counters." + c.getKey(), "is also under queries: give it once");
        }
        Duration step = positiveSeconds(config, "step_seconds", 15);
        Duration timeout = positiveSeconds(config, "timeout_seconds", 10);
        Duration scrape = config.settings().get("scrape_interval_seconds") == null ? null : positiveSeconds(config, "scrape_interval_seconds", 0);
        PrometheusAuth auth = auth(config);
        Path caFile = null;
        boolean skip = false;
        if (config.settings().get("tls") instanceof Map<?, ?> tls) {
            for (Object k : tls.keySet()) {
                if (!TLS_KEYS.contains(String.valueOf(k))) throw config.error("tls." + k, "unknown setting; expected one of " + TLS_KEYS);
            }
            if (tls.get("ca_file") != null) {
                caFile = Path.of(tls.get("ca_file").toString());
                if (!Files.isReadable(caFile)) throw config.error("tls.ca_file", "expected a readable PEM file, found no file at " + caFile);
            }
            skip = Boolean.parseBoolean(String.valueOf(tls.get("insecure_skip_verify")));
        } else if (config.settings().get("tls") != null) {
            throw config.error("tls", "expected a map with ca_file and/or insecure_skip_verify");
        }
        Source source = new Source(config.file(), config.line(), config.path());
        Map<String, String> trimmed = new LinkedHashMap<>();
        counters.forEach((k, v) -> trimmed.put(k, v.trim()));
        return new PrometheusSettings(url, PrometheusQueries.withOverrides(queries, trimmed), step, timeout, auth, caFile, skip, source, scrape);
    }

    private static URI parseUrl(IntegrationConfig config) {
        String raw = config.requireString("url");
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw config.error("url", "expected an http:// or https:// URL with a host, found '" + displayOrRedacted(uri) + "'");
            }
            if (uri.getUserInfo() != null) {
                throw config.error("url", "credentials do not belong in the URL; use username/password or bearer_token");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw config.error("url", "expected a URL, could not parse it: " + e.getReason());
        }
    }

    private static String displayOrRedacted(URI uri) {
        return uri.getHost() == null ? "(no host)" : displayUrl(uri);
    }

    private static PrometheusAuth auth(IntegrationConfig config) {
        String token = config.string("bearer_token", null);
        String user = config.string("username", null);
        String password = config.string("password", null);
        if (token != null && (user != null || password != null)) {
            throw config.error("bearer_token", "choose one: bearer_token or username/password, not both");
        }
        if (token != null) {
            if (token.isBlank()) throw config.error("bearer_token", "expected a token, found an empty value");
            return new PrometheusAuth.Bearer(token);
        }
        if (user == null && password == null) return new PrometheusAuth.None();
        if (user == null || user.isBlank()) throw config.error("username", "is required when password is set");
        if (password == null) throw config.error("password", "is required when username is set");
        // the header carries Base64(user:password): that form is masked in every output too
        SecretRegistry.global().registerBasicAuth(user, password);
        return new PrometheusAuth.Basic(user, password);
    }

    private static Duration positiveSeconds(IntegrationConfig config, String key, int fallback) {
        Object v = config.settings().get(key);
        double seconds;
        if (v == null) return Duration.ofSeconds(fallback);
        try {
            seconds = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw config.error(key, "expected a number of seconds from 0.001 to 86400, found '" + v + "'");
        }
        if (!(seconds >= 0.001) || !(seconds <= 86_400)) {
            throw config.error(key, "expected a number of seconds from 0.001 to 86400, found '" + v + "'");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static Map<String, String> stringMap(IntegrationConfig config, String key) {
        Object v = config.settings().get(key);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw config.error(key, "expected a map of metric name to " + (key.equals("counters") ? "counter selector" : "PromQL"));
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, q) -> {
            if (q == null || q.toString().isBlank()) throw config.error(key + "." + k, "expected a PromQL query, found nothing");
            out.put(String.valueOf(k), q.toString());
        });
        return out;
    }
}
