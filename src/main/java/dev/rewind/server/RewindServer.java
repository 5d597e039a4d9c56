package dev.rewind.server;

import dev.rewind.controller.Fleet;
import dev.rewind.controller.Registration;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Change;
import dev.rewind.model.ConflictException;
import dev.rewind.model.NotFoundException;
import dev.rewind.model.UnreachableException;
import dev.rewind.secrets.Redactor;
import dev.rewind.store.ApiTokens;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.store.Integrity;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API under {@code /api/v1}, its OpenAPI document, the health endpoints and the event stream: thin
 * handlers that read a request strictly, check the caller's role, call one fleet or store method, and answer in
 * DESIGN.md §3.5's shapes. Every mutating call is audited by the fleet or here with the token's name.
 */
public final class RewindServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RewindServer.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String CALLER = "rewind.caller";

    /** Route roles: the least role that may call a route. Public routes carry none. */
    enum Needs implements RouteRole {
        VIEWER(Role.VIEWER), OPERATOR(Role.OPERATOR), ADMIN(Role.ADMIN);

        final Role role;

        Needs(Role role) {
            this.role = role;
        }
    }

    private final Fleet fleet;
    private final RewindStore store;
    private final Clock clock;
    private final Auth auth;
    private final EventHub events;
    private final Javalin app;
    private final List<Extension> extensions;
    /** Why the scheduler cannot be trusted to run checks (stopped, stalled), or null while it ticks. */
    private final Supplier<String> scheduler;

    /** More routes (Argo Rollouts / Flagger gates, metrics) registered by other parts of the server. */
    public interface Extension {
        void routes(io.javalin.config.JavalinConfig config, Function<Context, String> actor);
    }

    RewindServer(Fleet fleet, Clock clock, EventHub events, long maxBodyBytes, List<Extension> extensions) {
        this(fleet, clock, events, maxBodyBytes, extensions, () -> null);
    }

    RewindServer(Fleet fleet, Clock clock, EventHub events, long maxBodyBytes, List<Extension> extensions, Supplier<String> scheduler) {
        this.scheduler = scheduler;
        this.fleet = fleet;
        this.store = fleet.store();
        this.clock = clock;
        this.auth = new Auth(store.tokens(), clock);
        this.events = events;
        List<Extension> all = new ArrayList<>(List.of(new DashboardPages(), new DashboardApi(fleet, clock))); // the dashboard is always served
        all.add(new ReleaseGates(fleet, clock, auth)); // Argo Rollouts and Flagger gates: always served, like the dashboard
        all.addAll(extensions);
        this.extensions = List.copyOf(all);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = maxBodyBytes;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
            config.routes.before(ctx -> refuseEarly(ctx, maxBodyBytes));
            config.routes.beforeMatched(this::authorize);
            // Javalin answers an event-stream request without this Accept header with an empty 200: say what is missing
            config.routes.beforeMatched("/api/v1/events", ctx -> {
                String accept = ctx.header("Accept");
                if (ctx.attribute(CALLER) != null && (accept == null || !accept.contains("text/event-stream"))) {
                    answer(ctx, new ApiError(406, "not_acceptable", "the event stream is text/event-stream: send Accept: text/event-stream", "Accept"));
                    ctx.skipRemainingHandlers();
                }
            });
            routes(config);
            this.extensions.forEach(e -> e.routes(config, ctx -> caller(ctx).actor()));
            config.routes.exception(BadInputException.class, (e, ctx) -> answer(ctx, ApiError.badRequest(e.problem(), e.field())));
            config.routes.exception(NotFoundException.class, (e, ctx) -> answer(ctx, new ApiError(404, "not_found", e.getMessage(), null)));
            config.routes.exception(ConflictException.class, (e, ctx) -> answer(ctx, new ApiError(409, "conflict", e.getMessage(), null)));
            config.routes.exception(UnreachableException.class, (e, ctx) -> answer(ctx, new ApiError(503, "unreachable", e.getMessage(), null)));
            config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() == 413) {
                    ctx.header("Connection", "close"); // the rest of the body is not for us
                    drain(ctx); // a chunked body over the limit: read off so the client hears the 413
                }
                answer(ctx, httpError(e));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (brokenBody(e)) {
                    answer(ctx, ApiError.badRequest("the request body could not be read: it ended before its Content-Length, or the connection broke", "body"));
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                answer(ctx, new ApiError(500, "internal", "the server failed to answer; see its log", null));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isBlank()) answer(ctx, new ApiError(404, "not_found", "no such route: " + ctx.method() + " " + ctx.path(), null));
            });
            config.routes.error(405, ctx -> answer(ctx, new ApiError(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null)));
            config.routes.error(413, ctx -> answer(ctx.header("Connection", "close"), new ApiError(413, "payload_too_large", "the body is larger than " + maxBodyBytes + " bytes", "body")));
        });
    }

    private static ApiError httpError(io.javalin.http.HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> new ApiError(413, "payload_too_large", "the body is too large", "body");
            case 400 -> ApiError.badRequest(e.getMessage(), null);
            case 404 -> new ApiError(404, "not_found", "no such route", null);
            case 405 -> new ApiError(405, "method_not_allowed", e.getMessage(), null);
            default -> new ApiError(e.getStatus(), "http_" + e.getStatus(), e.getMessage(), null);
        };
    }

    /**
     * Before any route runs: a body whose declared length is over the limit is refused without reading it, and a query
     * string that is not valid percent-encoding is refused naming its parameter (a lenient decoder would drop it, and a
     * bad {@code limit} would quietly become the default).
     */
    private static void refuseEarly(Context ctx, long maxBodyBytes) {
        if (ctx.req().getContentLengthLong() > maxBodyBytes) {
            ctx.header("Connection", "close"); // the body is not for us, so the connection cannot carry another request
            if (ctx.req().getContentLengthLong() <= DRAIN_LIMIT) drain(ctx);
            throw new io.javalin.http.HttpResponseException(413, "payload too large");
        }
        String query = ctx.queryString();
        if (query == null) return;
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            try {
                java.net.URLDecoder.decode(pair, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("request", 0, name.replaceAll("[^A-Za-z0-9_.-]", "?"), "is not valid percent-encoding");
            }
        }
    }

    /**
     * An oversized body is read and thrown away, up to {@link #DRAIN_LIMIT}, before the 413 goes out: a server that
     * closes with the client's bytes unread makes the kernel reset the connection, and the client may lose the answer
     * (the fuzz test saw it under load). Beyond that limit the connection is closed and the client may see only a reset.
     */
    private static void drain(Context ctx) {
        byte[] buf = new byte[64 * 1024];
        long read = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            for (int n; read < DRAIN_LIMIT && (n = in.read(buf)) >= 0; ) read += n;
        } catch (IOException | RuntimeException e) {
            // a client that stopped sending: the 413 goes out anyway
        }
    }

    static final long DRAIN_LIMIT = 8L * 1024 * 1024;

    /** The client's body broke off: the client's fault (400), not the server's. */
    private static boolean brokenBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) return true;
        }
        return false;
    }

    public RewindServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    // ---- auth ----

    private void authorize(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty()) return;
        Role needed = roles.stream().map(r -> ((Needs) r).role).max(Enum::compareTo).orElse(Role.ADMIN);
        // two Authorization headers are ambiguous credentials: refused rather than picking one
        var headers = java.util.Collections.list(ctx.req().getHeaders("Authorization"));
        var caller = headers.size() > 1 ? java.util.Optional.<Auth.Caller>empty() : auth.caller(ctx.header("Authorization"));
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"rewind\"");
            answer(ctx, ApiError.unauthorized());
            ctx.skipRemainingHandlers();
            return;
        }
        if (!caller.get().role().atLeast(needed)) {
            answer(ctx, ApiError.forbidden(caller.get().role().label(), needed.label()));
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(CALLER, caller.get());
    }

    private static Auth.Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    // ---- routes ----

    private void routes(io.javalin.config.JavalinConfig config) {
        var r = config.routes;
        r.get("/healthz", ctx -> json(ctx, 200, Map.of("status", "ok")));
        r.get("/readyz", this::ready);
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));

        r.get("/api/v1/releases", this::listReleases, Needs.VIEWER);
        r.post("/api/v1/releases", this::registerRelease, Needs.OPERATOR);
        r.post("/api/v1/releases/{service}/{environment}/{version}/traffic", this::moveTraffic, Needs.OPERATOR);
        r.get("/api/v1/batches/{id}", this::batch, Needs.VIEWER);
        r.post("/api/v1/batches/{id}/rollback", this::rollbackBatch, Needs.OPERATOR);
        r.get("/api/v1/incidents", this::listIncidents, Needs.VIEWER);
        r.get("/api/v1/incidents/{id}", this::incident, Needs.VIEWER);
        r.get("/api/v1/rollbacks", this::listRollbacks, Needs.VIEWER);
        r.post("/api/v1/rollbacks", this::startRollback, Needs.OPERATOR);
        r.get("/api/v1/rollbacks/{id}", this::rollback, Needs.VIEWER);
        r.post("/api/v1/rollbacks/{id}/approve", ctx -> decide(ctx, "approve"), Needs.OPERATOR);
        r.post("/api/v1/rollbacks/{id}/deny", ctx -> decide(ctx, "deny"), Needs.OPERATOR);
        r.post("/api/v1/rollbacks/{id}/pause", ctx -> control(ctx, "pause"), Needs.OPERATOR);
        r.post("/api/v1/rollbacks/{id}/resume", ctx -> control(ctx, "resume"), Needs.OPERATOR);
        r.post("/api/v1/rollbacks/{id}/abort", ctx -> control(ctx, "abort"), Needs.OPERATOR);
        r.get("/api/v1/services/{name}/auto-rollback", this::autoRollback, Needs.VIEWER);
        r.put("/api/v1/services/{name}/auto-rollback", this::setAutoRollback, Needs.OPERATOR);
        r.get("/api/v1/environments/{name}/maintenance", this::maintenance, Needs.VIEWER);
        r.post("/api/v1/environments/{name}/maintenance/off", this::endMaintenance, Needs.OPERATOR);
        r.get("/api/v1/audit", this::audit, Needs.OPERATOR);
        r.get("/api/v1/audit/verify", this::verifyAudit, Needs.ADMIN);
        r.get("/api/v1/tokens", this::tokens, Needs.ADMIN);
        r.post("/api/v1/tokens", this::createToken, Needs.ADMIN);
        r.delete("/api/v1/tokens/{id}", this::revokeToken, Needs.ADMIN);
        r.sse("/api/v1/events", client -> {
            client.keepAlive();
            if (!events.add(client)) {
                client.sendEvent("error", "{\"error\":{\"code\":\"busy\",\"message\":\"too many event streams\"}}", "0");
                client.close();
                return;
            }
            client.sendEvent("hello", JSON.writeValueAsString(Map.of("at", clock.instant().toString(), "watching", fleet.watching().size())), "0");
        }, Needs.VIEWER);
    }

    /**
     * Ready means able to do its job: the store answers a read and the scheduler that runs the checks is ticking. A
     * server that is stopping is not ready, so a load balancer stops sending it work while rollbacks wind down.
     */
    private void ready(Context ctx) {
        List<String> problems = new ArrayList<>();
        try {
            store.probe();
        } catch (RuntimeException e) {
            problems.add("the store cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String ticking = scheduler.get();
        if (ticking != null) problems.add(ticking);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", problems.isEmpty() ? "ready" : "not ready");
        if (!problems.isEmpty()) m.put("reasons", problems);
        m.put("store", problems.stream().anyMatch(p -> p.startsWith("the store")) ? "unreachable" : "ok");
        m.put("scheduler", ticking == null ? "running" : "not running");
        if (problems.isEmpty()) {
            m.put("watching", fleet.watching().size());
            m.put("live_rollbacks", fleet.live().size());
            m.put("replica", fleet.ownership().replica());
            m.put("owns", fleet.ownership().isShared() ? fleet.ownership().services() : List.of("*"));
        }
        json(ctx, problems.isEmpty() ? 200 : 503, m);
    }

    private void listReleases(Context ctx) {
        int limit = limit(ctx);
        Map<String, Fleet.WatchView> watching = new LinkedHashMap<>();
        fleet.watching().forEach(w -> watching.put(w.release().service() + "/" + w.release().environment() + "/" + w.release().version(), w));
        List<Map<String, Object>> out = new ArrayList<>();
        for (var rec : store.releases().recent(limit)) {
            Map<String, Object> m = new LinkedHashMap<>(Views.release(rec));
            Fleet.WatchView w = watching.get(rec.service() + "/" + rec.environment() + "/" + rec.version());
            m.put("watched", w != null);
            if (w != null) {
                m.put("next_check", Views.time(w.nextCheck()));
                m.put("checks", w.checks());
                m.put("last_decision", w.lastDecision());
                if (w.lastError() != null) m.put("blind", w.lastError());
            }
            out.add(m);
        }
        json(ctx, 200, Map.of("releases", out));
    }

    private void registerRelease(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
        String actor = caller(ctx).actor();
        if (body.has("releases")) {
            body.only(Set.of("releases"));
            List<Registration> members = new ArrayList<>();
            for (JsonBody m : body.objects("releases", true, 100)) members.add(registration(m));
            Fleet.BatchRegistered b = fleet.registerBatch(members, actor);
            json(ctx, 201, Map.of("batch_id", b.id(), "releases", b.releases().stream().map(RewindServer::registered).toList()));
            return;
        }
        json(ctx, 201, registered(fleet.register(registration(body), null, actor)));
    }

    /** A canary's traffic moved: below 100 its checks use the control, at 100 (promoted) the baseline. */
    private void moveTraffic(Context ctx) {
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("percent", "reason"));
        Integer percent = b.integer("percent", 1, 100);
        if (percent == null) throw new BadInputException("request", 0, "percent", "is required (a whole number 1..100)");
        String reason = b.string("reason", false, 2000);
        Fleet.TrafficMoved moved = fleet.traffic(ctx.pathParam("service"), ctx.pathParam("environment"), ctx.pathParam("version"), percent,
                reason, caller(ctx).actor());
        Map<String, Object> m = new LinkedHashMap<>(Views.release(moved.release()));
        m.put("traffic_percent_before", moved.from());
        m.put("compared_with", moved.release().canary() ? "control" : "baseline");
        json(ctx, 200, m);
    }

    private static Registration registration(JsonBody b) {
        b.only(Set.of("environment", "version", "previous", "deployed_at", "changes", "feature_flag", "traffic_percent"));
        List<Change> changes = new ArrayList<>();
        for (JsonBody c : b.objects("changes", false, 500)) {
            c.only(Set.of("kind", "id", "summary", "touches"));
            changes.add(new Change(c.string("kind", true, 40), c.string("id", true, 200), c.string("summary", false, 1000),
                    c.strings("touches", 50, 100)));
        }
        return new Registration(b.string("environment", true, 100), b.string("version", true, 200), b.string("previous", false, 200),
                b.instant("deployed_at"), changes, b.string("feature_flag", false, 200), b.integer("traffic_percent", 1, 100), b.path());
    }

    private static Map<String, Object> registered(Fleet.Registered r) {
        Map<String, Object> m = new LinkedHashMap<>(Views.release(r.release()));
        m.put("watched", r.watched());
        if (r.note() != null) m.put("note", r.note());
        return m;
    }

    private void batch(Context ctx) {
        String id = ctx.pathParam("id");
        var members = store.releases().batch(id);
        if (members.isEmpty()) throw new NotFoundException("batch", id);
        json(ctx, 200, Map.of("id", id, "releases", members.stream().map(Views::release).toList()));
    }

    private void rollbackBatch(Context ctx) {
        JsonBody body = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("reason"));
        Fleet.Ticket t = fleet.rollbackBatch(ctx.pathParam("id"), body.string("reason", false, 2000), caller(ctx).actor());
        json(ctx, 202, Map.of("id", t.id(), "status", t.status(), "batch_id", ctx.pathParam("id")));
    }

    private void listIncidents(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !Set.of("open", "closed").contains(status)) throw new BadInputException("request", 0, "status", "expected open or closed");
        json(ctx, 200, Map.of("incidents", store.incidents().list(status, limit(ctx)).stream().map(Views::incident).toList()));
    }

    private void incident(Context ctx) {
        String id = ctx.pathParam("id");
        var i = store.incidents().find(id).orElseThrow(() -> new NotFoundException("incident", id));
        Map<String, Object> m = new LinkedHashMap<>(Views.incident(i));
        if (i.rollbackId() != null) {
            store.history().find(i.rollbackId()).ifPresent(r -> m.put("rollback", Views.rollbackWithJournal(r, fleet.live().get(r.id()),
                    store.journal().actionsLog(r.id()))));
        }
        json(ctx, 200, m);
    }

    private void listRollbacks(Context ctx) {
        Map<String, String> live = fleet.live();
        json(ctx, 200, Map.of("rollbacks", store.history().list(limit(ctx)).stream().map(r -> Views.rollback(r, live.get(r.id()))).toList()));
    }

    private void rollback(Context ctx) {
        String id = ctx.pathParam("id");
        RollbackRecord r = store.history().find(id).orElseThrow(() -> new NotFoundException("rollback", id));
        json(ctx, 200, Views.rollbackWithJournal(r, fleet.live().get(id), store.journal().actionsLog(id)));
    }

    private void startRollback(Context ctx) {
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("environment", "to", "reason", "immediate", "dry_run"));
        Fleet.Ticket t = fleet.rollback(new Fleet.ManualRollback(b.string("environment", true, 100), b.string("to", false, 200),
                b.string("reason", false, 2000), b.bool("immediate", false), b.bool("dry_run", false), caller(ctx).actor()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("status", t.status());
        m.put("from", t.from());
        m.put("to", t.to());
        m.put("plan", t.plan().phases().stream().map(p -> Map.of("phase", p.name(), "objective", p.objective(),
                "steps", p.steps().stream().map(s -> Map.of("id", s.id(), "description", s.description(), "estimate_sec", s.estimate().toSeconds())).toList())).toList());
        json(ctx, t.id() == null ? 200 : 202, m);
    }

    private void decide(Context ctx, String how) {
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("reason"));
        String id = ctx.pathParam("id");
        String reason = b.string("reason", false, 2000);
        if (how.equals("approve")) fleet.approve(id, caller(ctx).actor(), reason);
        else fleet.deny(id, caller(ctx).actor(), reason);
        json(ctx, 202, Map.of("id", id, "decision", how.equals("approve") ? "approved" : "denied"));
    }

    private void control(Context ctx, String how) {
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("reason"));
        String reason = b.string("reason", false, 2000); // read for every kind, so a bad reason is a 400 before any lookup
        String id = ctx.pathParam("id");
        String actor = caller(ctx).actor();
        switch (how) {
            case "pause" -> fleet.pause(id, actor);
            case "resume" -> fleet.resume(id, actor);
            default -> fleet.abort(id, actor, reason);
        }
        json(ctx, 202, Map.of("id", id, "requested", how));
    }

    private void autoRollback(Context ctx) {
        String service = ctx.pathParam("name");
        if (fleet.environments().values().stream().noneMatch(e -> e.config().service().equals(service))) throw new NotFoundException("service", service);
        var s = store.autoRollback().get(service);
        boolean enabled = store.autoRollback().enabled(service, clock.instant());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", service);
        m.put("enabled", enabled);
        s.ifPresent(x -> {
            m.put("reason", x.reason());
            m.put("set_by", x.actor());
            m.put("set_at", Views.time(x.setAt()));
            m.put("expires_at", Views.time(x.expiresAt()));
            m.put("in_force", x.inForce(clock.instant()));
        });
        json(ctx, 200, m);
    }

    private void setAutoRollback(Context ctx) {
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("enabled", "reason", "expires_at"));
        if (!b.has("enabled")) throw new BadInputException("request", 0, "enabled", "is required");
        var s = fleet.autoRollback(ctx.pathParam("name"), b.bool("enabled", true), b.string("reason", true, 2000), b.instant("expires_at"), caller(ctx).actor());
        json(ctx, 200, Map.of("service", s.service(), "enabled", s.enabled(), "reason", s.reason(), "expires_at",
                s.expiresAt() == null ? "" : s.expiresAt().toString()));
    }

    private void maintenance(Context ctx) {
        var s = fleet.maintenance(ctx.pathParam("name"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("environment", s.environment());
        m.put("in_maintenance", s.inMaintenance());
        m.put("via", s.mode().via().label());
        m.put("target", s.mode().name());
        s.heldRollback().ifPresent(r -> m.put("held_by_rollback", r.id()));
        json(ctx, 200, m);
    }

    private void endMaintenance(Context ctx) {
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("reason", "to"));
        String reason = b.string("reason", false, 2000);
        String to = b.string("to", false, 128);
        var e = fleet.endMaintenance(ctx.pathParam("name"), to, reason, caller(ctx).actor());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("environment", ctx.pathParam("name"));
        m.put("changed", e.changed());
        m.put("ended", e.changed() && e.ok());
        m.put("detail", e.detail());
        if (e.version() != null) m.put("to", e.version());
        e.heldRollback().ifPresent(r -> m.put("held_by_rollback", r.id()));
        json(ctx, e.ok() ? 200 : 502, m);
    }

    private void audit(Context ctx) {
        json(ctx, 200, Map.of("entries", store.audit().newest(limit(ctx)).stream().map(Views::audit).toList()));
    }

    private void verifyAudit(Context ctx) {
        Integrity.Report r = Integrity.verify(store, List.of());
        json(ctx, r.intact() ? 200 : 409, Map.of("intact", r.intact(), "audit_rows", r.auditRows(), "rollbacks", r.rollbacks(),
                "problems", r.problems().stream().map(p -> Map.of("where", p.where(), "what", p.what())).toList()));
    }

    private void tokens(Context ctx) {
        json(ctx, 200, Map.of("tokens", store.tokens().list().stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("name", t.name());
            m.put("role", t.role().label());
            m.put("created_at", Views.time(t.createdAt()));
            m.put("created_by", t.createdBy());
            m.put("revoked_at", Views.time(t.revokedAt()));
            return m;
        }).toList()));
    }

    private void createToken(Context ctx) {
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("name", "role"));
        String name = b.string("name", true, 64);
        if (!name.matches("[A-Za-z0-9._@-]{1,64}")) throw new BadInputException("request", 0, "name", "expected 1-64 letters, digits, . _ @ -");
        Role role = Role.parse(b.string("role", true, 20));
        if (role == null) throw new BadInputException("request", 0, "role", "expected viewer, operator or admin");
        ApiTokens.Created c = store.tokens().create(name, role, caller(ctx).actor(), clock.instant());
        store.audit().append(caller(ctx).actor(), "token.created", c.token().id(), "name=" + name + " role=" + role.label());
        // the one answer not redacted: it must hand the new token over, once
        ctx.status(201).contentType("application/json").result(JSON.writeValueAsString(Map.of("id", c.token().id(), "name", name,
                "role", role.label(), "token", c.secret(), "note", "shown once: Rewind keeps only its hash")));
    }

    private void revokeToken(Context ctx) {
        String id = ctx.pathParam("id");
        if (!store.tokens().revoke(id, clock.instant())) throw new NotFoundException("active token", id);
        store.audit().append(caller(ctx).actor(), "token.revoked", id, "");
        json(ctx, 200, Map.of("id", id, "revoked", true));
    }

    // ---- helpers ----

    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) return 100;
        try {
            int n = Integer.parseInt(raw);
            if (n < 1 || n > 1000) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException("request", 0, "limit", "expected a whole number 1..1000");
        }
    }

    /** Every answer passes the one redactor: a registered secret in a stored journal detail or result never leaves. */
    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(redactedJson(body));
    }

    /** The body as JSON with every string (keys too) redacted; the tree is built first so masking cannot break the JSON. */
    static String redactedJson(Object body) {
        return JSON.writeValueAsString(Redactor.redactTree(JSON.convertValue(body, Object.class)));
    }

    private static void answer(Context ctx, ApiError e) {
        json(ctx, e.status(), e.body());
    }

    private static String openApiCache;

    private static synchronized String openApi() {
        if (openApiCache == null) {
            try (InputStream in = RewindServer.class.getResourceAsStream("/openapi.json")) {
                if (in == null) throw new IllegalStateException("openapi.json is missing from the jar");
                openApiCache = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read openapi.json", e);
            }
        }
        return openApiCache;
    }

    /** For handlers added by extensions: the same strict body reader. */
    public static Map<String, Object> error(int status, String code, String message, String field) {
        return new ApiError(status, code, message, field).body();
    }
}
