package dev.rewind.server;

import dev.rewind.controller.Fleet;
import dev.rewind.model.BadInputException;
import dev.rewind.store.ApiTokens.Role;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Rewind's verdict for the progressive-delivery tools teams already run, in the shapes their documentation gives:
 * <ul>
 *   <li>Argo Rollouts' {@code web} metric provider: {@code GET /api/v1/gates/argo?environment=E&version=V} (or POST with
 *   that JSON body) always answers 200 with the verdict, so an AnalysisTemplate's {@code jsonPath} picks a field
 *   ({@code {$.verdict}} or {@code {$.ok}}) and its {@code successCondition}/{@code failureCondition} decide. The token
 *   goes in the provider's {@code headers} as {@code Authorization: Bearer}.</li>
 *   <li>Flagger's webhooks: Flagger POSTs {@code {name, namespace, phase, metadata}} and reads only the status: 2xx lets
 *   the canary advance. {@code /api/v1/gates/flagger} (pre-rollout, rollout, confirm-rollout, confirm-promotion)
 *   answers 200 on {@code pass} and 412 otherwise; {@code /api/v1/gates/flagger/rollback} (a rollback hook) answers 200
 *   on {@code fail}, so Flagger rolls the canary back when Rewind found a problem. Flagger's webhooks send no headers,
 *   so the token may come in {@code metadata.token}; an Authorization header is taken first.</li>
 * </ul>
 * Both need a viewer token (reading a verdict changes nothing and is not audited).
 */
final class ReleaseGates implements RewindServer.Extension {
    static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final String DNS_NAME = "(?=.{1,253}$)" + DNS_LABEL + "(\\." + DNS_LABEL + ")*";

    private final ReleaseVerdicts verdicts;
    private final Auth auth;

    ReleaseGates(Fleet fleet, Clock clock, Auth auth) {
        this.verdicts = new ReleaseVerdicts(fleet, clock);
        this.auth = auth;
    }

    @Override
    public void routes(JavalinConfig config, Function<Context, String> actor) {
        var r = config.routes;
        r.get("/api/v1/gates/argo", this::argoQuery, RewindServer.Needs.VIEWER);
        r.post("/api/v1/gates/argo", this::argoBody, RewindServer.Needs.VIEWER);
        // Flagger cannot send headers: these authenticate on their own, from the header or metadata.token
        r.post("/api/v1/gates/flagger", ctx -> flagger(ctx, false));
        r.post("/api/v1/gates/flagger/rollback", ctx -> flagger(ctx, true));
    }

    // ---- Argo Rollouts ----

    private void argoQuery(Context ctx) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!Set.of("environment", "version").contains(name)) {
                throw new BadInputException("request", 0, name, "unknown query parameter; expected environment and optionally version");
            }
        }
        RewindServer.json(ctx, 200, verdicts.of(single(ctx, "environment"), "environment", single(ctx, "version"), "version").body());
    }

    private void argoBody(Context ctx) {
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("environment", "version"));
        RewindServer.json(ctx, 200, verdicts.of(b.string("environment", true, 100), "environment", b.string("version", false, 200), "version").body());
    }

    private static String single(Context ctx, String name) {
        var values = ctx.queryParams(name);
        if (values.isEmpty()) return null;
        if (values.size() > 1) throw new BadInputException("request", 0, name, "given " + values.size() + " times; give it once");
        String v = values.getFirst();
        if (v.length() > 200) throw new BadInputException("request", 0, name, "expected at most 200 characters");
        return v;
    }

    // ---- Flagger ----

    private void flagger(Context ctx, boolean rollbackHook) {
        Optional<Auth.Caller> caller = auth.caller(ctx.header("Authorization")).or(() -> metadataToken(ctx.bodyAsBytes()).flatMap(t -> auth.caller("Bearer " + t)));
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"rewind\"");
            RewindServer.json(ctx, 401, ApiError.unauthorized().body());
            return;
        }
        if (!caller.get().role().atLeast(Role.VIEWER)) {
            RewindServer.json(ctx, 403, ApiError.forbidden(caller.get().role().label(), Role.VIEWER.label()).body());
            return;
        }
        JsonBody b = JsonBody.parse(ctx.bodyAsBytes()).only(Set.of("name", "namespace", "phase", "checksum", "metadata"));
        String name = b.string("name", true, 253);
        if (!name.matches(DNS_NAME)) throw new BadInputException("request", 0, "name", "expected a Kubernetes object name (lower-case letters, digits, - and .)");
        String namespace = b.string("namespace", true, 63);
        if (!namespace.matches(DNS_LABEL)) throw new BadInputException("request", 0, "namespace", "expected a Kubernetes namespace (lower-case letters, digits and -)");
        String phase = b.string("phase", true, 40);
        if (!phase.matches("[A-Za-z]{1,40}")) throw new BadInputException("request", 0, "phase", "expected a canary phase such as Progressing");
        b.string("checksum", false, 200);
        JsonBody meta = b.object("metadata", false);
        String environment = null;
        String version = null;
        boolean inconclusivePasses = false;
        if (meta != null) {
            meta.only(Set.of("environment", "version", "token", "on_inconclusive"));
            environment = meta.string("environment", false, 100);
            version = meta.string("version", false, 200);
            meta.string("token", false, 256);
            String onInconclusive = meta.string("on_inconclusive", false, 20);
            if (onInconclusive != null && !Set.of("hold", "pass").contains(onInconclusive)) {
                throw new BadInputException("request", 0, "metadata.on_inconclusive", "expected hold or pass, found '" + onInconclusive.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            inconclusivePasses = "pass".equals(onInconclusive);
        }
        if (environment == null) {
            // the canary named like a configured environment needs no metadata
            if (!verdicts.knows(name)) throw new BadInputException("request", 0, "metadata.environment", "is required: no environment is named like the canary '" + name + "'");
            environment = name;
        }
        ReleaseVerdicts.Answer a = verdicts.of(environment, "metadata.environment", version, "metadata.version");
        boolean met = rollbackHook ? a.verdict() == ReleaseVerdicts.Verdict.FAIL
                : a.verdict() == ReleaseVerdicts.Verdict.PASS || inconclusivePasses && a.verdict() == ReleaseVerdicts.Verdict.INCONCLUSIVE;
        var body = new java.util.LinkedHashMap<>(a.body());
        body.put("canary", namespace + "/" + name);
        body.put("phase", phase);
        body.put("hook", rollbackHook ? "rollback" : "gate");
        RewindServer.json(ctx, met ? 200 : 412, body);
    }

    /** The token Flagger carries in metadata; a body that cannot be read has none (and gets 401, not 400). */
    private static Optional<String> metadataToken(byte[] body) {
        try {
            JsonBody meta = JsonBody.parse(body).object("metadata", false);
            return meta == null ? Optional.empty() : Optional.ofNullable(meta.string("token", false, 256));
        } catch (BadInputException e) {
            return Optional.empty();
        }
    }
}
