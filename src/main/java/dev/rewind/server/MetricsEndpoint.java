package dev.rewind.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.function.Function;

/** {@code GET /metrics}: Prometheus' text format, no token (DESIGN.md §3.5), as Prometheus scrapes it. */
public final class MetricsEndpoint implements RewindServer.Extension {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final ServerMetrics metrics;

    public MetricsEndpoint(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routes(JavalinConfig config, Function<Context, String> actor) {
        config.routes.get("/metrics", ctx -> ctx.status(200).contentType(CONTENT_TYPE).result(metrics.scrape()));
    }
}
