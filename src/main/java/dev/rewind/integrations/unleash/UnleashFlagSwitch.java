package dev.rewind.integrations.unleash;

import dev.rewind.act.FlagSwitch;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an Unleash feature flag on or off in one environment through the Admin API. The admin token is
 * sent as the {@code Authorization} header and nowhere else: not in messages, logs or {@link #toString()}.
 */
public final class UnleashFlagSwitch implements FlagSwitch {
    private static final Set<String> SETTINGS = Set.of("url", "project", "environment", "token");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String project;
    private final String environment;
    private final String token;
    private final HttpClient http;

    public UnleashFlagSwitch(URI base, String project, String environment, String token, HttpClient http) {
        this.base = withoutCredentials(Objects.requireNonNull(base, "base"));
        this.project = Objects.requireNonNull(project, "project");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.token = Objects.requireNonNull(token, "token");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** {@code {type: unleash, url, project: default, environment: production, token: ${UNLEASH_ADMIN_TOKEN}}}. */
    public static UnleashFlagSwitch from(IntegrationConfig config) {
        config.allowOnly(SETTINGS);
        String url = config.requireString("url");
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw config.error("url", "expected an http(s) URL such as http://unleash:4242, found '" + url + "'");
        }
        if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
            throw config.error("url", "expected an http(s) URL such as http://unleash:4242, found '" + url + "'");
        }
        if (base.getUserInfo() != null) throw config.error("url", "put the admin token in 'token', not in the URL");
        String token = EnvReference.resolve(config, "token");
        return new UnleashFlagSwitch(base, config.string("project", "default"), config.string("environment", "production"),
                token, HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    @Override
    public boolean isEnabled(String flag) {
        JsonNode feature = JSON.readTree(send("GET", featureUrl(flag), flag));
        for (JsonNode env : feature.path("environments")) {
            if (environment.equals(env.path("name").asString())) return env.path("enabled").asBoolean(false);
        }
        throw new ActionFailedException("Unleash flag '" + flag + "' in project " + project + " has no environment '" + environment + "'");
    }

    @Override
    public void disable(String flag) {
        send("POST", featureUrl(flag) + "/environments/" + segment(environment) + "/off", flag);
    }

    @Override
    public void enable(String flag) {
        send("POST", featureUrl(flag) + "/environments/" + segment(environment) + "/on", flag);
    }

    @Override
    public String toString() {
        return "UnleashFlagSwitch[url=" + base + ", project=" + project + ", environment=" + environment + "]";
    }

    private String featureUrl(String flag) {
        return base + "/api/admin/projects/" + segment(project) + "/features/" + segment(flag);
    }

    private String send(String method, String url, String flag) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", token).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UnreachableException(url, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailedException("interrupted while calling Unleash at " + url, e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw UnleashFlagSwitch.refused(url, status);
        }
        if (status == 404) {
            throw new ActionFailedException("Unleash has no flag '" + flag + "' in project " + project + " (" + message(response) + ")");
        }
        if (status / 100 != 2) {
            throw new ActionFailedException("Unleash answered " + method + " " + url + " with HTTP " + status + ": " + message(response));
        }
        return response.body();
    }

    private static UnreachableException refused(String url, int status) {
        return UnreachableException.unauthorized(url, "HTTP " + status + "; expected an admin or personal access token in 'token'");
    }

    // Unleash explains errors in a JSON "message"; fall back to a short excerpt of whatever came back.
    private static String message(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        try {
            String m = JSON.readTree(body).path("message").asString("");
            if (!m.isBlank()) return m;
        } catch (RuntimeException notJson) {
            // not JSON: show the start of the body below
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withoutCredentials(URI uri) {
        if (uri.getUserInfo() == null) return uri;
        return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getRawPath());
    }
}
