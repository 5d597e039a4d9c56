package dev.rewind.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The dashboard's files, served from the jar: the page, its script and style, and uPlot from its webjar. A fixed
 * list, so no request path ever reaches the class path. The page holds no secret and no data: it asks the API with
 * the token the person enters, so these routes need none. Every answer carries a Content-Security-Policy that allows
 * scripts and styles from this origin only (no inline script, no eval) and no framing.
 */
final class DashboardPages implements RewindServer.Extension {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    /** Request name to class path resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "dashboard.js", new String[] {"/dashboard/dashboard.js", "text/javascript; charset=utf-8"},
            "dashboard.css", new String[] {"/dashboard/dashboard.css", "text/css; charset=utf-8"},
            "favicon.svg", new String[] {"/dashboard/favicon.svg", "image/svg+xml"},
            "uplot.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uplot.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public void routes(JavalinConfig config, Function<Context, String> actor) {
        var r = config.routes;
        r.get("/", ctx -> send(ctx, "/dashboard/index.html", "text/html; charset=utf-8"));
        r.get("/ui/{file}", ctx -> {
            String[] file = FILES.get(ctx.pathParam("file"));
            if (file == null) {
                RewindServer.json(ctx, 404, RewindServer.error(404, "not_found", "no such dashboard file", null));
                return;
            }
            send(ctx, file[0], file[1]);
        });
    }

    private void send(Context ctx, String resource, String type) {
        secure(ctx);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(type).result(cache.computeIfAbsent(resource, DashboardPages::read));
    }

    /** The headers every dashboard answer carries. */
    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardPages.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
