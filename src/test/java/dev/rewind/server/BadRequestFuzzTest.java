package dev.rewind.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.controller.Fault;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.Registration;
import dev.rewind.controller.ShopFleet;
import dev.rewind.store.ApiTokens.Role;
import dev.rewind.time.ManualTimeSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A few thousand generated bad requests (seeded, so a failure reproduces) against the real server on loopback, one
 * kind of badness per case: none is answered with a 500, every 4xx is DESIGN.md §3.5's error shape, a 400 names the
 * field that was wrong, and the store holds exactly what it held before (nothing partly applied).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestFuzzTest {
    private static final long SEED = 20261202L;
    private static final int MAX_BODY = 64 * 1024;

    @TempDir
    static Path dir;

    private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-02-24T09:00:00Z"));
    private ShopFleet shop;
    private RewindServer server;
    private ApiClient api;
    private final Map<Role, String> tokens = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        shop = new ShopFleet(dir, time, Fault.NONE);
        Fleet fleet = new Fleet(shop.store, time, shop.environments(), FleetSettings.defaults(dir.resolve("out")), Runnable::run, Runnable::run, null);
        shop.ship();
        fleet.register(new Registration("production", "2.4.0", null, null, List.of(), null, ""), null, "setup");
        server = new RewindServer(fleet, time.clock(), new EventHub(time.clock()), MAX_BODY, List.of()).start("127.0.0.1", 0);
        api = new ApiClient(server.port());
        for (Role r : Role.values()) tokens.put(r, shop.store.tokens().create("fuzz-" + r.label(), r, "setup", time.now()).secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** One generated request, and what a right answer looks like. */
    record Case(String what, String method, String path, byte[] body, boolean chunked, String authorization, Set<Integer> statuses,
                Set<String> fields) {
    }

    enum Kind { MALFORMED_JSON, UNKNOWN_FIELDS, WRONG_TYPES, HUGE_NUMBERS_AND_NAN, BAD_VALUES, OVERSIZED_BODIES, WRONG_METHODS,
        BAD_PATH_PARAMS, BAD_QUERY_PARAMS, BAD_TOKENS, LOWER_ROLES, RAW_HTTP }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyBadRequestGetsA4xxInTheErrorShapeNamingTheFieldAndChangesNothing(Kind kind) throws Exception {
        String before = storeSnapshot();
        List<Case> cases = generate(kind, new Random(SEED + kind.ordinal()));
        assertThat(cases).as("cases of " + kind).hasSizeGreaterThan(kind == Kind.RAW_HTTP ? 5 : 30);
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            String problem = kind == Kind.RAW_HTTP ? checkRaw(c) : check(c);
            if (problem != null) wrong.add(problem);
        }
        assertThat(wrong).as(kind + ": " + cases.size() + " requests, these were answered wrongly").isEmpty();
        assertThat(storeSnapshot()).as("the store after " + cases.size() + " rejected requests").isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void theCasesAddUpToAFewThousandAndTheSameSeedGivesTheSameCases() {
        int total = 0;
        for (Kind k : Kind.values()) {
            List<Case> a = generate(k, new Random(SEED + k.ordinal()));
            List<Case> b = generate(k, new Random(SEED + k.ordinal()));
            assertThat(a.stream().map(Case::what).toList()).isEqualTo(b.stream().map(Case::what).toList());
            total += a.size();
        }
        assertThat(total).isGreaterThan(2500);
    }

    // ---- checking ----

    private String check(Case c) throws Exception {
        HttpRequest.BodyPublisher body = c.body() == null ? null : c.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        Map<String, String> headers = c.authorization() == null ? Map.of() : Map.of("Authorization", c.authorization());
        ApiClient.Answer a;
        try {
            a = api.call(c.method(), c.path(), body, null, headers);
        } catch (IOException e) {
            return c.what() + " -> no answer: " + e;
        }
        return verdict(c, a.status(), a.body(), a.raw());
    }

    static String verdict(Case c, int status, JsonNode body, String raw) {
        String seen = c.what() + " -> " + status + " " + abbreviate(raw);
        if (status >= 500) return "server error: " + seen;
        if (!c.statuses().contains(status)) return "expected " + c.statuses() + ": " + seen;
        JsonNode error = body == null ? null : body.path("error");
        if (error == null || !error.isObject() || error.path("code").asString("").isEmpty() || error.path("message").asString("").isEmpty()) {
            return "not the error shape: " + seen;
        }
        String field = error.path("field").asString(null);
        if ((status == 400 || status == 413) && (field == null || field.isEmpty())) return "no field named: " + seen;
        if (!c.fields().isEmpty() && !c.fields().contains(field)) return "expected field " + c.fields() + ": " + seen;
        return null;
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }

    /** Everything a request could have changed, as text: releases, audit rows, rollbacks, incidents, tokens. */
    private String storeSnapshot() {
        var s = shop.store;
        return String.join("\n", s.releases().recent(1000).toString(), String.valueOf(s.audit().entries().size()),
                s.audit().head().map(e -> e.hash()).orElse(""), s.history().list(1000).toString(), s.incidents().list(null, 1000).toString(),
                s.tokens().list().toString(), s.autoRollback().get("shop").toString());
    }

    // ---- generating ----

    private record Template(String method, String path, Role role, String json) {
    }

    private static final List<Template> BODIES = List.of(
            new Template("POST", "/api/v1/releases", Role.OPERATOR, """
                    {"environment": "production", "version": "2.5.0", "previous": "2.4.0", "deployed_at": "2026-02-24T09:59:00Z",
                     "feature_flag": "new-checkout", "changes": [{"kind": "commit", "id": "abc123", "summary": "x", "touches": ["handler"]}]}"""),
            new Template("POST", "/api/v1/releases", Role.OPERATOR, """
                    {"releases": [{"environment": "production", "version": "2.5.0"}, {"environment": "production", "version": "2.5.1"}]}"""),
            new Template("POST", "/api/v1/rollbacks", Role.OPERATOR, """
                    {"environment": "production", "to": "2.3.1", "reason": "fuzz", "immediate": true, "dry_run": false}"""),
            new Template("PUT", "/api/v1/services/shop/auto-rollback", Role.OPERATOR, """
                    {"enabled": false, "reason": "fuzz", "expires_at": "2026-02-25T09:00:00Z"}"""),
            new Template("POST", "/api/v1/tokens", Role.ADMIN, """
                    {"name": "fuzz-bot", "role": "viewer"}"""),
            new Template("POST", "/api/v1/rollbacks/rb-nosuch/approve", Role.OPERATOR, "{\"reason\": \"fuzz\"}"),
            new Template("POST", "/api/v1/rollbacks/rb-nosuch/abort", Role.OPERATOR, "{\"reason\": \"fuzz\"}"),
            new Template("POST", "/api/v1/rollbacks/rb-nosuch/pause", Role.OPERATOR, "{\"reason\": \"fuzz\"}"),
            new Template("POST", "/api/v1/batches/batch-nosuch/rollback", Role.OPERATOR, "{\"reason\": \"fuzz\"}"));

    /** Every field of every body template: its JSON path, its place in a tree, and its type. */
    private record Field(Template t, String name, List<Object> at, char type, boolean required) {
    }

    private List<Field> fields() {
        List<Field> out = new ArrayList<>();
        for (Template t : BODIES) collect(t, ApiClient.JSON.readTree(t.json()), "", new ArrayList<>(), out);
        return out;
    }

    private static final Set<String> REQUIRED = Set.of("environment", "version", "releases", "enabled", "reason@PUT", "name", "role", "kind", "id");

    private void collect(Template t, JsonNode node, String name, List<Object> at, List<Field> out) {
        if (node.isObject()) {
            for (String k : node.propertyNames()) {
                List<Object> next = new ArrayList<>(at);
                next.add(k);
                String path = name.isEmpty() ? k : name + "." + k;
                JsonNode v = node.get(k);
                boolean required = REQUIRED.contains(k) || REQUIRED.contains(k + "@" + t.method());
                out.add(new Field(t, path, next, v.isString() ? 's' : v.isBoolean() ? 'b' : v.isArray() ? 'l' : 'o', required));
                collect(t, v, path, next, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> next = new ArrayList<>(at);
                next.add(i);
                if (node.get(i).isObject()) collect(t, node.get(i), name + "[" + i + "]", next, out);
            }
        }
    }

    private static ObjectNode tree(Template t) {
        return (ObjectNode) ApiClient.JSON.readTree(t.json());
    }

    /** Puts {@code value} at {@code at} in a copy of the template's tree. */
    private static ObjectNode with(Template t, List<Object> at, JsonNode value) {
        ObjectNode root = tree(t);
        JsonNode parent = root;
        for (int i = 0; i < at.size() - 1; i++) parent = at.get(i) instanceof Integer n ? parent.get(n) : parent.get((String) at.get(i));
        Object last = at.getLast();
        if (last instanceof Integer n) ((ArrayNode) parent).set(n, value);
        else ((ObjectNode) parent).set((String) last, value);
        return root;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final Set<Integer> BAD_REQUEST = Set.of(400);

    private Case body(String what, Template t, byte[] body, Set<Integer> statuses, Set<String> fields) {
        return new Case(what + " on " + t.method() + " " + t.path(), t.method(), t.path(), body, false, "Bearer " + tokens.get(t.role()), statuses, fields);
    }

    List<Case> generate(Kind kind, Random r) {
        List<Case> out = new ArrayList<>();
        switch (kind) {
            case MALFORMED_JSON -> {
                for (Template t : BODIES) {
                    String json = t.json();
                    for (int i = 0; i < 70; i++) {
                        String bad = switch (r.nextInt(9)) {
                            case 0 -> json.substring(0, 1 + r.nextInt(json.length() - 1));
                            case 1 -> json + List.of("}", " x", "[]", ",", "{}", "\"").get(r.nextInt(6));
                            case 2 -> dropOne(json, '"', r);
                            case 3 -> json.replaceFirst(":", List.of("=", " ", "::", ";").get(r.nextInt(4)));
                            case 4 -> json.replace('"', '\'');
                            case 5 -> json.substring(0, json.lastIndexOf('}')) + ",}";
                            case 6 -> "// a comment\n" + json;
                            case 7 -> "[".repeat(17 + r.nextInt(20)) + "]".repeat(17);
                            default -> json.replaceFirst("[,]", List.of(",,", "", ", ,").get(r.nextInt(3)));
                        };
                        if (bad.equals(json)) continue;
                        out.add(body("malformed #" + i + " " + abbreviate(bad), t, utf8(bad), BAD_REQUEST, Set.of("body")));
                    }
                    // bytes that are not UTF-8 inside a string value
                    byte[] b = utf8(json.replaceFirst("\"fuzz\"|\"production\"|\"fuzz-bot\"|\"2.5.0\"", "\"@@\""));
                    int at = indexOf(b, utf8("@@"));
                    if (at >= 0) {
                        b[at] = (byte) 0xC3;
                        b[at + 1] = (byte) 0x28;
                        out.add(body("invalid UTF-8", t, b, BAD_REQUEST, Set.of("body")));
                    }
                    String first = json.substring(json.indexOf('"') + 1, json.indexOf('"', json.indexOf('"') + 1));
                    out.add(body("duplicate key " + first, t, utf8(json.replaceFirst("\\{", "{\"" + first + "\": \"x\", ")), BAD_REQUEST, Set.of("body")));
                    out.add(body("a JSON array", t, utf8("[" + json + "]"), BAD_REQUEST, Set.of("body")));
                    out.add(body("a JSON string", t, utf8("\"" + t.path() + "\""), BAD_REQUEST, Set.of("body")));
                }
            }
            case UNKNOWN_FIELDS -> {
                for (Template t : BODIES) {
                    List<List<Object>> objects = new ArrayList<>();
                    objects.add(List.of());
                    fields().stream().filter(f -> f.t() == t && f.type() == 'l').forEach(f -> {
                        JsonNode list = at(tree(t), f.at());
                        for (int i = 0; i < list.size(); i++) {
                            if (!list.get(i).isObject()) continue;
                            List<Object> p = new ArrayList<>(f.at());
                            p.add(i);
                            objects.add(p);
                        }
                    });
                    for (int i = 0; i < 40; i++) {
                        List<Object> where = objects.get(r.nextInt(objects.size()));
                        String name = List.of("versoin", "environmnet", "x", "Reason", "dryRun", "__proto__", "", "ENVIRONMENT", "rollback",
                                "to ", "é").get(r.nextInt(11)) + (r.nextBoolean() ? "" : String.valueOf(r.nextInt(100)));
                        ObjectNode root = tree(t);
                        ObjectNode target = (ObjectNode) at(root, where);
                        if (target.has(name)) continue;
                        target.put(name, r.nextBoolean() ? "1" : "{}");
                        String field = path(where, name.isEmpty() ? "\"\"" : name);
                        out.add(body("unknown field '" + field + "'", t, utf8(root.toString()), BAD_REQUEST, Set.of(field)));
                    }
                }
            }
            case WRONG_TYPES -> {
                for (Field f : fields()) {
                    List<JsonNode> wrong = switch (f.type()) {
                        case 's' -> List.of(num(123), num(1.5), bool(true), arr(), obj(), ApiClient.JSON.readTree("[\"x\"]"));
                        case 'b' -> List.of(str("true"), num(1), num(0), arr(), obj(), str("yes"));
                        case 'l' -> List.of(str("x"), num(1), obj(), bool(false), ApiClient.JSON.readTree("[1, 2]"));
                        default -> List.of(str("x"), num(1), arr());
                    };
                    for (JsonNode w : wrong) {
                        String field = f.type() == 'l' && w.isArray() ? f.name() + "[0]" : f.name();
                        out.add(body("'" + f.name() + "' = " + w, f.t(), utf8(with(f.t(), f.at(), w).toString()), BAD_REQUEST, Set.of(field)));
                    }
                    if (f.required()) {
                        out.add(body("required '" + f.name() + "' = null", f.t(), utf8(with(f.t(), f.at(), ApiClient.JSON.nullNode()).toString()),
                                BAD_REQUEST, Set.of(f.name())));
                    }
                }
            }
            case HUGE_NUMBERS_AND_NAN -> {
                List<String> literals = List.of("1e999", "-1e999", "1" + "0".repeat(45), "NaN", "Infinity", "-Infinity", "0x10", "01", "1e-999",
                        "9223372036854775808", "-0.0", "1.7976931348623157E309");
                for (Field f : fields()) {
                    for (String lit : literals) {
                        String json = with(f.t(), f.at(), str("@@RAW@@")).toString().replace("\"@@RAW@@\"", lit);
                        out.add(body("'" + f.name() + "' = " + lit, f.t(), utf8(json), BAD_REQUEST, Set.of(f.name(), "body")));
                    }
                }
            }
            case BAD_VALUES -> badValues(out);
            case OVERSIZED_BODIES -> {
                for (int i = 0; i < 40; i++) {
                    Template t = BODIES.get(r.nextInt(BODIES.size()));
                    int size = MAX_BODY + 1 + r.nextInt(i < 20 ? 100 : 2_000_000);
                    String filler = "{\"reason\": \"" + "x".repeat(size) + "\"}";
                    out.add(new Case("oversized " + size + " bytes" + (i % 2 == 0 ? " chunked" : "") + " on " + t.method() + " " + t.path(),
                            t.method(), t.path(), utf8(filler), i % 2 == 0, "Bearer " + tokens.get(Role.ADMIN), Set.of(413), Set.of("body")));
                }
            }
            case WRONG_METHODS -> {
                Map<String, Set<String>> documented = documentedMethods();
                for (var e : documented.entrySet()) {
                    String path = concrete(e.getKey());
                    for (String m : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                        if (e.getValue().contains(m)) continue;
                        out.add(new Case(m + " " + path, m, path, m.equals("GET") || m.equals("DELETE") ? null : utf8("{}"), false,
                                "Bearer " + tokens.get(Role.ADMIN), Set.of(404, 405), Set.of()));
                    }
                }
            }
            case BAD_PATH_PARAMS -> {
                List<String[]> routes = List.of(new String[] {"GET", "/api/v1/batches/%s"}, new String[] {"POST", "/api/v1/batches/%s/rollback"},
                        new String[] {"GET", "/api/v1/incidents/%s"}, new String[] {"GET", "/api/v1/rollbacks/%s"},
                        new String[] {"POST", "/api/v1/rollbacks/%s/approve"}, new String[] {"POST", "/api/v1/rollbacks/%s/deny"},
                        new String[] {"POST", "/api/v1/rollbacks/%s/pause"}, new String[] {"POST", "/api/v1/rollbacks/%s/resume"},
                        new String[] {"POST", "/api/v1/rollbacks/%s/abort"}, new String[] {"GET", "/api/v1/services/%s/auto-rollback"},
                        new String[] {"PUT", "/api/v1/services/%s/auto-rollback"}, new String[] {"DELETE", "/api/v1/tokens/%s"});
                for (String[] route : routes) {
                    for (int i = 0; i < 60; i++) {
                        String id = pathParam(r, i);
                        String path = route[1].formatted(id);
                        byte[] b = route[0].equals("PUT") ? utf8("{\"enabled\": false, \"reason\": \"fuzz\"}")
                                : route[0].equals("POST") ? utf8("{\"reason\": \"fuzz\"}") : null;
                        out.add(new Case(route[0] + " " + abbreviate(path), route[0], path, b, false, "Bearer " + tokens.get(Role.ADMIN),
                                Set.of(400, 404), Set.of()));
                    }
                }
            }
            case BAD_QUERY_PARAMS -> {
                List<String> limits = List.of("0", "-1", "1001", "1e3", "99999999999999999999", "abc", "", "1.5", "%00", "NaN", "0x10", "%205",
                        "5%20", "%E2%80%8B5", "+-1");
                for (String p : List.of("/api/v1/releases", "/api/v1/incidents", "/api/v1/rollbacks", "/api/v1/audit")) {
                    for (String l : limits) {
                        out.add(new Case("GET " + p + "?limit=" + l, "GET", p + "?limit=" + l, null, false, "Bearer " + tokens.get(Role.ADMIN),
                                BAD_REQUEST, Set.of("limit")));
                    }
                }
                for (String s : List.of("OPEN", "all", "", "open,closed", "%00", "closed%20")) {
                    out.add(new Case("GET incidents?status=" + s, "GET", "/api/v1/incidents?status=" + s, null, false, "Bearer " + tokens.get(Role.ADMIN),
                            BAD_REQUEST, Set.of("status")));
                }
            }
            case BAD_TOKENS -> {
                List<String> protectedRoutes = documentedMethods().entrySet().stream().filter(e -> e.getKey().startsWith("/api/"))
                        .flatMap(e -> e.getValue().stream().map(m -> m + " " + concrete(e.getKey()))).toList();
                String real = tokens.get(Role.ADMIN);
                for (String route : protectedRoutes) {
                    String m = route.substring(0, route.indexOf(' '));
                    String path = route.substring(route.indexOf(' ') + 1);
                    List<String> bad = new ArrayList<>(List.of("Bearer", "Bearer ", "Basic " + real, "Token " + real, real, "Bearer " + real + "x",
                            "Bearer " + real.substring(0, real.length() - 1), "Bearer rwd_" + "A".repeat(300), "Bearer  " + real.toUpperCase(),
                            "Bearer rwd_" + randomAscii(r, 40), "bearer" + real));
                    bad.add("Bearer " + randomAscii(r, 1 + r.nextInt(80)));
                    for (String auth : bad) {
                        out.add(new Case(m + " " + path + " with '" + abbreviate(auth) + "'", m, path, m.equals("GET") || m.equals("DELETE") ? null : utf8("{}"),
                                false, auth, Set.of(401), Set.of()));
                    }
                }
            }
            case LOWER_ROLES -> {
                for (var e : rolesByRoute().entrySet()) {
                    String m = e.getKey().substring(0, e.getKey().indexOf(' '));
                    String path = concrete(e.getKey().substring(e.getKey().indexOf(' ') + 1));
                    for (Role low : Role.values()) {
                        if (low.atLeast(e.getValue())) continue;
                        for (int i = 0; i < 10; i++) {
                            byte[] b = m.equals("GET") || m.equals("DELETE") ? null : i % 2 == 0 ? utf8("{}") : utf8("{\"reason\": \"" + i + "\"}");
                            out.add(new Case(m + " " + path + " as " + low.label() + " #" + i, m, path, b, false, "Bearer " + tokens.get(low),
                                    Set.of(403), Set.of()));
                        }
                    }
                }
            }
            case RAW_HTTP -> rawCases(out);
        }
        return out;
    }

    private void badValues(List<Case> out) {
        Template reg = BODIES.get(0), batch = BODIES.get(1), rb = BODIES.get(2), auto = BODIES.get(3), tok = BODIES.get(4);
        List<Object[]> cases = List.of(
                new Object[] {reg, List.of("version"), "$(id)", "version"}, new Object[] {reg, List.of("version"), "", "version"},
                new Object[] {reg, List.of("version"), "v".repeat(129), "version"}, new Object[] {reg, List.of("version"), "2.4.0\n", "version"},
                new Object[] {reg, List.of("version"), "../../etc", "version"}, new Object[] {reg, List.of("environment"), "staging", "environment"},
                new Object[] {reg, List.of("environment"), "x".repeat(101), "environment"}, new Object[] {reg, List.of("previous"), "2.5.0", "previous"},
                new Object[] {reg, List.of("previous"), "a b", "previous"}, new Object[] {reg, List.of("deployed_at"), "yesterday", "deployed_at"},
                new Object[] {reg, List.of("deployed_at"), "+999999999-12-31T23:59:59Z", "deployed_at"},
                new Object[] {reg, List.of("deployed_at"), "1999-12-31T23:59:59Z", "deployed_at"},
                new Object[] {reg, List.of("deployed_at"), "2027-02-24T09:00:00Z", "deployed_at"},
                new Object[] {reg, List.of("deployed_at"), "2026-02-24T09:00:00+01:00x", "deployed_at"},
                new Object[] {reg, List.of("feature_flag"), "flag with spaces", "feature_flag"},
                new Object[] {reg, List.of("feature_flag"), "a\u0000b", "feature_flag"},
                new Object[] {reg, List.of("changes", 0, "id"), "x".repeat(201), "changes[0].id"},
                new Object[] {reg, List.of("changes", 0, "kind"), "x".repeat(41), "changes[0].kind"},
                new Object[] {reg, List.of("changes", 0, "touches", 0), "t".repeat(101), "changes[0].touches[0]"},
                new Object[] {batch, List.of("releases", 1, "version"), "2.5.0", "releases"},
                new Object[] {batch, List.of("releases", 1, "environment"), "nowhere", "releases[1].environment"},
                new Object[] {batch, List.of("releases", 0, "version"), "\u202e1.0", "releases[0].version"},
                new Object[] {rb, List.of("to"), "a;b", "to"}, new Object[] {rb, List.of("to"), "2.4.0", "to"},
                new Object[] {rb, List.of("environment"), "prod", "environment"}, new Object[] {rb, List.of("reason"), "r".repeat(2001), "reason"},
                new Object[] {rb, List.of("reason"), "", "reason"}, new Object[] {rb, List.of("reason"), "\u0007bell", "reason"},
                new Object[] {auto, List.of("expires_at"), "2026-02-24T08:00:00Z", "expires_at"},
                new Object[] {auto, List.of("expires_at"), "soon", "expires_at"}, new Object[] {auto, List.of("reason"), "  ", "reason"},
                new Object[] {tok, List.of("name"), "has space", "name"}, new Object[] {tok, List.of("name"), "n".repeat(65), "name"},
                new Object[] {tok, List.of("name"), "", "name"}, new Object[] {tok, List.of("role"), "root", "role"},
                new Object[] {tok, List.of("role"), "superuser", "role"});
        for (Object[] c : cases) {
            Template t = (Template) c[0];
            @SuppressWarnings("unchecked")
            List<Object> at = (List<Object>) c[1];
            ObjectNode root = with(t, at, str((String) c[2]));
            if (t == batch && c[3].equals("releases")) root = with(t, at, str("2.5.0")); // the same environment twice, two versions
            String name = (String) c[3];
            out.add(body("'" + at + "' = '" + abbreviate((String) c[2]) + "'", t, utf8(root.toString()), BAD_REQUEST, Set.of(name)));
        }
        // the batch names one environment twice: refused as a whole, nothing registered
        out.add(body("an environment twice in a batch", batch, utf8(BODIES.get(1).json()), BAD_REQUEST, Set.of("releases")));
        out.add(body("101 releases in a batch", batch, utf8("{\"releases\": [" + String.join(",",
                java.util.Collections.nCopies(101, "{\"environment\": \"production\", \"version\": \"9.0.0\"}")) + "]}"), BAD_REQUEST, Set.of("releases")));
        out.add(body("a production rollback without a reason", rb, utf8("{\"environment\": \"production\", \"to\": \"2.3.1\"}"), BAD_REQUEST,
                Set.of("reason")));
        out.add(body("auto-rollback without enabled", auto, utf8("{\"reason\": \"fuzz\"}"), BAD_REQUEST, Set.of("enabled")));
    }

    /** Requests a well-behaved HTTP client will not send: broken request lines, bytes in headers, lying lengths. */
    private void rawCases(List<Case> out) {
        String admin = tokens.get(Role.ADMIN);
        String reg = "/api/v1/releases";
        List<String[]> raw = List.of(
                new String[] {"GET /api/v1/rollbacks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\u0001\r\n\r\n", "400 401"},
                new String[] {"GET /api/v1/rollbacks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00ff\u00fe" + admin + "\r\n\r\n", "401"},
                new String[] {"GET /api/v1/rollbacks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\nAuthorization: Bearer x\r\n\r\n", "401"},
                new String[] {"POST " + reg + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 5\r\n\r\n{\"env", "400"},
                new String[] {"POST " + reg + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 999999999\r\n\r\n{}", "413"},
                new String[] {"POST " + reg + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: 2\r\n\r\nhi", "400"},
                new String[] {"POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\nContent-Type: application/json; charset=utf-16\r\n"
                        + "Content-Length: 2\r\n\r\n{}", "400"},
                new String[] {"GET /api/v1/rollbacks/%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\n\r\n", "400"},
                new String[] {"GET /api/v1/rollbacks/a%00b HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\n\r\n", "400 404"},
                new String[] {"GET /api/v1/rollbacks/..%2F..%2Fhealthz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\n\r\n", "400 404"},
                new String[] {"GET /api/v1/rollbacks?limit=%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin + "\r\n\r\n", "400"});
        for (String[] c : raw) {
            c[0] = c[0].replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n");
            Set<Integer> statuses = new java.util.HashSet<>();
            for (String s : c[1].split(" ")) statuses.add(Integer.parseInt(s));
            out.add(new Case("raw: " + abbreviate(c[0].replace("\r\n", " | ")), "RAW", "", c[0].getBytes(StandardCharsets.ISO_8859_1), false, null,
                    statuses, Set.of()));
        }
    }

    private String checkRaw(Case c) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write(c.body());
            o.flush();
            s.shutdownOutput();
            byte[] answer = s.getInputStream().readAllBytes();
            String text = new String(answer, StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyAt = text.indexOf("\r\n\r\n");
            String raw = bodyAt < 0 ? "" : text.substring(bodyAt + 4);
            if (text.toLowerCase().contains("transfer-encoding: chunked")) raw = unchunk(raw);
            JsonNode body;
            try {
                body = ApiClient.JSON.readTree(raw);
            } catch (RuntimeException e) {
                body = null;
            }
            return verdict(c, status, body, raw);
        } catch (IOException e) {
            return c.what() + " -> no answer: " + e;
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) break;
            int n = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (n == 0) break;
            out.append(chunked, eol + 2, eol + 2 + n);
            i = eol + 2 + n + 2;
        }
        return out.toString();
    }

    // ---- small helpers ----

    private static String pathParam(Random r, int i) {
        return switch (i % 10) {
            case 0 -> "x".repeat(1000 + r.nextInt(3000));
            case 1 -> "%00" + URLEncoder.encode(randomAscii(r, 5), StandardCharsets.UTF_8);
            case 2 -> "%FF%FE";
            case 3 -> URLEncoder.encode("rb-" + new String(Character.toChars(0x1F600 + r.nextInt(50))), StandardCharsets.UTF_8);
            case 4 -> "..";
            case 5 -> "%2E%2E";
            case 6 -> URLEncoder.encode("'; DROP TABLE audit; --", StandardCharsets.UTF_8);
            case 7 -> "%0A%0D" + r.nextInt(1000);
            case 8 -> URLEncoder.encode(randomAscii(r, 1 + r.nextInt(50)), StandardCharsets.UTF_8);
            default -> "rb-" + Long.toHexString(r.nextLong());
        };
    }

    private static String randomAscii(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append((char) (0x21 + r.nextInt(0x5e)));
        return b.toString();
    }

    private static String dropOne(String s, char c, Random r) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) at.add(i);
        int i = at.get(r.nextInt(at.size()));
        return s.substring(0, i) + s.substring(i + 1);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode n = root;
        for (Object p : path) n = p instanceof Integer i ? n.get(i) : n.get((String) p);
        return n;
    }

    private static String path(List<Object> where, String name) {
        StringBuilder b = new StringBuilder();
        for (Object p : where) {
            if (p instanceof Integer i) b.append('[').append(i).append(']');
            else b.append(b.isEmpty() ? "" : ".").append(p);
        }
        return b.isEmpty() ? name : b + "." + name;
    }

    private static JsonNode num(double d) {
        return d == Math.rint(d) ? ApiClient.JSON.getNodeFactory().numberNode((long) d) : ApiClient.JSON.getNodeFactory().numberNode(d);
    }

    private static JsonNode bool(boolean b) {
        return ApiClient.JSON.getNodeFactory().booleanNode(b);
    }

    private static JsonNode str(String s) {
        return ApiClient.JSON.getNodeFactory().stringNode(s);
    }

    private static JsonNode arr() {
        return ApiClient.JSON.createArrayNode();
    }

    private static JsonNode obj() {
        return ApiClient.JSON.createObjectNode();
    }

    private static String concrete(String documentedPath) {
        return documentedPath.replace("{id}", "nosuch").replace("{name}", "shop").replace("{file}", "nosuch.js")
                .replace("{service}", "shop").replace("{environment}", "production").replace("{version}", "nosuch");
    }

    private static Map<String, Set<String>> documentedMethods() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        JsonNode doc = openApi();
        for (String path : doc.path("paths").propertyNames()) {
            Set<String> methods = new java.util.TreeSet<>();
            doc.path("paths").path(path).propertyNames().forEach(m -> methods.add(m.toUpperCase()));
            out.put(path, methods);
        }
        return out;
    }

    private static Map<String, Role> rolesByRoute() {
        Map<String, Role> out = new LinkedHashMap<>();
        JsonNode doc = openApi();
        for (String path : doc.path("paths").propertyNames()) {
            for (String m : doc.path("paths").path(path).propertyNames()) {
                String role = doc.path("paths").path(path).path(m).path("x-rewind-role").asString("");
                if (!role.isEmpty() && !path.equals("/api/v1/events")) out.put(m.toUpperCase() + " " + path, Role.parse(role));
            }
        }
        return out;
    }

    private static JsonNode openApi() {
        try {
            return ApiClient.JSON.readTree(Files.readString(Path.of("src/main/resources/openapi.json")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Kind> kinds() {
        return Arrays.stream(Kind.values());
    }
}
