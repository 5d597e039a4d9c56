package dev.rewind.verify;

import dev.rewind.secrets.UrlCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * Health of one version over HTTP: 200 is healthy. The address comes from a function of the version: the
 * demo's supervisor, or a config's {@code health_url} with {@code $version} in it.
 */
public final class HttpHealthProbe implements HealthProbe {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Function<String, URI> addressOf;

    /** @param addressOf the version's health URL, null when it is not running */
    public HttpHealthProbe(Function<String, URI> addressOf) {
        this.addressOf = addressOf;
    }

    @Override
    public Health check(String service, String version) {
        URI url = addressOf.apply(version);
        if (url == null) return new Health(false, version + " is not running");
        // config refuses credentials in health_url; whatever a URL still carries stays out of the detail
        String shown = UrlCredentials.strip(url.toString());
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body().strip();
            return new Health(r.statusCode() == 200, "GET " + shown + " -> " + r.statusCode() + " " + (body.length() > 120 ? body.substring(0, 120) + "..." : body));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return new Health(false, "GET " + shown + " failed: " + e.getClass().getSimpleName());
        }
    }
}

