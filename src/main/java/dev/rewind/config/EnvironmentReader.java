package dev.rewind.config;

import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.model.BadInputException;
import dev.rewind.model.SmokeTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code environments:} map and integration blocks ({@code {type: X, ...settings}}). */
final class EnvironmentReader {
    private static final Set<String> ENV_KEYS = Set.of("service", "strategy", "production", "feature_flag", "metrics",
            "router", "deployer", "flags", "health_url", "smoke_tests", "dependencies", "database", "config_store", "cache", "gitops",
            "release_source", "plan", "maintenance");
    private static final Set<String> SMOKE_KEYS = Set.of("name", "method", "url", "headers", "body", "expect_status",
            "expect_body_contains", "timeout_seconds");
    private static final Set<String> STRATEGIES = Set.of("blue_green", "canary", "rolling_update", "feature_flag", "config");

    private final ConfigValues values;

    EnvironmentReader(ConfigValues values) {
        this.values = values;
    }

    Map<String, EnvironmentConfig> environments(ConfigNode node) {
        Map<String, EnvironmentConfig> out = new LinkedHashMap<>();
        values.map(node).entries().forEach((name, env) -> out.put(name, environment(name, values.map(env))));
        return out;
    }

    private EnvironmentConfig environment(String name, MapNode m) {
        m.allowOnly(ENV_KEYS);
        String strategy = m.has("strategy") ? values.string(m.get("strategy")) : null;
        if (strategy != null && !STRATEGIES.contains(strategy)) {
            throw m.get("strategy").error("expected one of " + STRATEGIES.stream().sorted().toList() + ", found '" + strategy + "'");
        }
        List<SmokeTest> smokes = new ArrayList<>();
        if (m.has("smoke_tests")) for (ConfigNode item : values.list(m.get("smoke_tests")).items()) smokes.add(smokeTest(values.map(item)));
        String service = m.has("service") ? values.string(m.get("service")) : name;
        return new EnvironmentConfig(name,
                service,
                strategy,
                m.has("production") && values.bool(m.get("production")),
                m.has("feature_flag") ? values.string(m.get("feature_flag")) : null,
                integration(m, "metrics"), integration(m, "router"), integration(m, "deployer"), integration(m, "flags"),
                m.has("health_url") ? values.string(m.get("health_url")) : null,
                smokes,
                m.has("dependencies") ? dependencies(values.list(m.get("dependencies"))) : List.of(),
                m.file(), m.line(),
                actuatorBlock(m, "database"), actuatorBlock(m, "config_store"), actuatorBlock(m, "cache"),
                m.has("gitops") ? new GitOpsReader(values).read(values.map(m.get("gitops")), service) : null,
                m.has("release_source") ? ReleaseSourceConfig.of(integration(m, "release_source"), service) : null,
                m.has("plan") ? plan(m.get("plan")) : null,
                m.has("maintenance") ? new MaintenanceReader(values).read(values.map(m.get("maintenance")), integration(m, "router"), integration(m, "flags"))
                        : null);
    }

    /** {@code plan: FILE}: a rollback plan as code, its path relative to the config file; read (and checked) now. */
    private dev.rewind.plan.RollbackPlanFile plan(ConfigNode node) {
        String raw = values.string(node).strip();
        java.nio.file.Path path = java.nio.file.Path.of(raw);
        if (!path.isAbsolute()) {
            java.nio.file.Path dir = java.nio.file.Path.of(node.file()).toAbsolutePath().getParent();
            path = dir == null ? path : dir.resolve(path);
        }
        if (!java.nio.file.Files.isRegularFile(path)) throw node.error("no rollback plan file at " + path);
        return new PlanLoader(values.env()).read(path);
    }

    /** A data actuator block: its type and every key checked here, on their own lines (ActuatorBlocks). */
    private IntegrationConfig actuatorBlock(MapNode env, String role) {
        if (!env.has(role)) return null;
        ActuatorBlocks.check(role, values.map(env.get(role)), values);
        return integration(env, role);
    }

    /** host:port or URLs; a URL must not carry credentials (the reachability check would print it). */
    private List<String> dependencies(ConfigNode.ListNode list) {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            String dependency = values.string(item);
            SettingGuard.refuseCredentials(dependency, item.file(), item.line(), item.path());
            out.add(dependency);
        }
        return out;
    }

    private SmokeTest smokeTest(MapNode m) {
        m.allowOnly(SMOKE_KEYS);
        if (!m.has("url")) throw m.error("a smoke test needs a 'url'");
        Map<String, String> headers = new LinkedHashMap<>();
        // Headers may carry tokens: keep ${VAR} raw here; the smoke test runner resolves them when it sends.
        // A header whose variables are set is checked now: one filled from a ${VAR} is a secret whatever its name
        // (refused with a control character, naming the field; registered for masking, each variable on its own too).
        if (m.has("headers")) values.map(m.get("headers")).entries().forEach((k, v) -> {
            String raw = rawText(v);
            if (values.resolvable(raw)) values.substituteSecret(raw, v.file(), v.line(), v.path());
            headers.put(k, raw);
        });
        // The body too keeps ${VAR} raw until sent; the variables' values are registered as secrets now.
        String body = m.has("body") ? rawText(m.get("body")) : null;
        if (body != null && values.resolvable(body)) values.substituteText(body, m.get("body").file(), m.get("body").line(), m.get("body").path());
        int status = m.has("expect_status") ? values.wholeNumber(m.get("expect_status"), ConfigBounds.HTTP_STATUS) : 200;
        return new SmokeTest(m.has("name") ? values.string(m.get("name")) : values.string(m.get("url")),
                m.has("method") ? values.string(m.get("method")).toUpperCase(java.util.Locale.ROOT) : "GET",
                values.string(m.get("url")), headers,
                body, status,
                m.has("expect_body_contains") ? values.string(m.get("expect_body_contains")) : null,
                m.has("timeout_seconds") ? values.seconds(m.get("timeout_seconds"), ConfigBounds.SMOKE_TIMEOUT_SECONDS) : null);
    }

    /** An integration block, or null when the key is absent. Settings keep ${VAR} raw (secrets are resolved when used). */
    IntegrationConfig integration(MapNode parent, String key) {
        if (!parent.has(key)) return null;
        MapNode m = values.map(parent.get(key));
        if (!m.has("type")) throw m.error("an integration block needs a 'type' (for example prometheus, haproxy, kubernetes, unleash)");
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> {
            if (k.equals("type")) return;
            settings.put(k, plain(v));
            lines.put(k, v.line()); // so that a bad setting is named on its own line, not the block's
        });
        return new IntegrationConfig(values.string(m.get("type")), settings, m.file(), m.line(), m.path(), lines);
    }

    private static String rawText(ConfigNode n) {
        if (n instanceof ConfigNode.ScalarNode s && s.value() != null) return s.value().toString();
        throw n.error("expected text, found " + n.kind());
    }

    /** Plain Java values for an integration's own settings (it validates them with allowOnly/requireString). */
    private static Object plain(ConfigNode n) {
        return switch (n) {
            case ConfigNode.ScalarNode s -> {
                if (s.value() == null) throw new BadInputException(s.file(), s.line(), s.path(), "expected a value, found null");
                yield s.value();
            }
            case ConfigNode.ListNode l -> l.items().stream().map(EnvironmentReader::plain).toList();
            case MapNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, v) -> out.put(k, plain(v)));
                yield out;
            }
        };
    }
}
