package dev.rewind.demo;

import dev.rewind.verify.HealthProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/** Health of one version: its own /health endpoint, found through the supervisor. */
final class HttpHealthProbe implements HealthProbe {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Function<String, URI> addressOf;

    HttpHealthProbe(Function<String, URI> addressOf) {
        this.addressOf = addressOf;
    }

    @Override
    public Health check(String service, String version) {
        URI base = addressOf.apply(version);
        if (base == null) return new Health(false, version + " is not running");
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Health(r.statusCode() == 200, "GET " + base.resolve("/health") + " -> " + r.statusCode() + " " + r.body().strip());
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return new Health(false, "GET " + base.resolve("/health") + " failed: " + e.getClass().getSimpleName());
        }
    }
}
