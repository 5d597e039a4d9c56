package dev.rewind.config;

import dev.rewind.config.ConfigNode.ListNode;
import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.BadInputException;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Trigger;
import dev.rewind.model.VerificationPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads seed 001's {@code rollback_policy} YAML and seed 004's {@code auto_rollback} JSON, unchanged, plus
 * {@code environments:}, a top-level {@code metrics:} block and a top-level {@code notifications:} block
 * ({@link NotificationReader}). Triggers merge with {@link DefaultPolicy} by name.
 */
public final class ConfigLoader {
    public static final String DEFAULTS_SOURCE = "built-in defaults";
    private static final Set<String> ROOT_KEYS = Set.of("rollback_policy", "auto_rollback", "environments", "metrics", "alertmanager",
            "notifications", "server");
    private static final Set<String> POLICY_KEYS = Set.of("enabled", "monitoring", "triggers", "rollback", "notifications",
            "verification", "require_manual_confirmation", "operation_id", "permit_id", "rollback_script",
            "notification_channels", "rollback_timeout_seconds", "safety_checks", "check_interval_seconds", "baseline_window_minutes",
            "blind_limit_seconds");
    private static final Set<String> MONITORING_KEYS = Set.of("check_interval_seconds", "baseline_window_minutes", "duration", "blind_limit_seconds");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port", "store", "approval", "max_body_bytes", "lease_seconds",
            "lease_renew_seconds", "resume_within_minutes");
    private static final Set<String> APPROVAL_KEYS = Set.of("timeout_minutes", "on_timeout");
    private static final Set<String> ROLLBACK_KEYS = Set.of("max_rollback_attempts", "health_check_timeout_seconds", "rollback_timeout_seconds");
    private static final Set<String> VERIFICATION_KEYS = Set.of("settle_seconds", "limit_seconds", "tolerance_percent");
    private static final Map<String, String> NOTIFICATION_CHANNELS = Map.of("slack_webhook", "slack", "email", "email",
            "pagerduty_routing_key", "pagerduty", "webhook_url", "webhook");
    private static final Set<String> NOTIFICATION_KEYS = Set.of("ceo_alert", "slack_webhook", "email", "pagerduty_routing_key", "webhook_url",
            "webhook_secret");
    private static final Set<String> SAFETY_KEYS = Set.of("verify_backup_exists", "verify_previous_version_healthy", "verify_rollback_tested");

    private final Function<String, String> env;
    private final ConfigValues values;

    /** @param env environment variable lookup (System::getenv in production, a map in tests) */
    public ConfigLoader(Function<String, String> env) {
        this.env = env;
        this.values = new ConfigValues(env);
    }

    public static RewindConfig load(Path file) {
        return new ConfigLoader(System::getenv).read(file).config();
    }

    public static RewindConfig defaults() {
        return new RewindConfig(DEFAULTS_SOURCE, DefaultPolicy.policy(), Map.of(), null, List.of(), Map.of(), null);
    }

    public LoadedConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, null, "cannot read the config file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public LoadedConfig parse(String file, String text) {
        MapNode root = values.map(ConfigTreeReader.read(file, text));
        root.allowOnly(ROOT_KEYS);
        if (root.has("rollback_policy") && root.has("auto_rollback")) {
            throw root.get("auto_rollback").error("give either 'rollback_policy' (seed 001) or 'auto_rollback' (seed 004), not both");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<String> channels = new ArrayList<>();
        RollbackPolicy policy = DefaultPolicy.policy();
        Optional<ConfigNode> section = Optional.ofNullable(root.has("rollback_policy") ? root.get("rollback_policy") : root.get("auto_rollback"));
        if (section.isPresent()) policy = policy(values.map(section.get()), settings, lines, channels);
        EnvironmentReader envs = new EnvironmentReader(values);
        NotificationConfig notifications = new NotificationReader(values).read(root.has("notifications") ? root.get("notifications") : null,
                section.map(values::map).orElse(null));
        ServerConfig server = server(root.has("server") ? values.map(root.get("server")) : null)
                .withWatch(section.map(values::map).map(p -> watchFor(p)).orElse(ServerConfig.DEFAULTS.watchFor()));
        RewindConfig config = new RewindConfig(file, policy,
                root.has("environments") ? envs.environments(root.get("environments")) : Map.of(),
                envs.integration(root, "metrics"), channels, settings, envs.integration(root, "alertmanager"), notifications, server);
        checkPlanRegions(config);
        SettingResolver resolver = new SettingResolver(file, settings, lines, env);
        checkSecretsAndUrls(config, resolver);
        return new LoadedConfig(config, resolver);
    }

    /**
     * Secrets with control characters and URLs with credentials are refused now, not when first used: every setting
     * whose variables are set is resolved once (and its secrets registered for masking); a missing variable stays an
     * error only where the value is used.
     */
    private void checkSecretsAndUrls(RewindConfig config, SettingResolver resolver) {
        List<IntegrationConfig> blocks = new ArrayList<>();
        blocks.add(config.metrics());
        blocks.add(config.alertmanager());
        config.environments().values().forEach(e -> blocks.addAll(Arrays.asList(e.metrics(), e.router(), e.deployer(), e.flags(),
                e.database(), e.configStore(), e.cache(), e.releaseSource() == null ? null : e.releaseSource().block())));
        blocks.stream().filter(Objects::nonNull).forEach(b -> b.checkAtLoad(env));
        resolver.checkAtLoad();
    }

    /** A plan's regions are rolled back through environments of this config: each must be configured. */
    private static void checkPlanRegions(RewindConfig config) {
        for (EnvironmentConfig e : config.environments().values()) {
            if (e.plan() == null) continue;
            var order = e.plan().regions().order();
            for (int i = 0; i < order.size(); i++) {
                String name = order.get(i).environment();
                if (!config.environments().containsKey(name)) {
                    throw e.plan().source().error("regions.order[" + i + "].environment", "region " + order.get(i).name() + " names environment '"
                            + name + "', which " + config.source() + " does not configure; it configures " + config.environments().keySet());
                }
            }
        }
    }

    /** Seed 001's "task runs for 24 hours": how long serve watches a release before it becomes the stable baseline. */
    private Duration watchFor(MapNode policy) {
        if (!policy.has("monitoring")) return ServerConfig.DEFAULTS.watchFor();
        MapNode monitoring = values.map(policy.get("monitoring"));
        if (!monitoring.has("duration")) return ServerConfig.DEFAULTS.watchFor();
        Duration d = values.duration(monitoring.get("duration"), ConfigBounds.WATCH_DURATION_SECONDS);
        return d;
    }

    private ServerConfig server(MapNode s) {
        ServerConfig d = ServerConfig.DEFAULTS;
        if (s == null) return d;
        s.allowOnly(SERVER_KEYS);
        String host = s.has("host") ? values.string(s.get("host")).trim() : d.host();
        if (!host.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) throw s.get("host").error("expected a host name or address to listen on, found '" + host + "'");
        int port = s.has("port") ? values.wholeNumber(s.get("port"), ConfigBounds.SERVER_PORT) : d.port();
        String store = s.has("store") ? values.string(s.get("store")).trim() : null;
        long maxBody = s.has("max_body_bytes") ? values.wholeNumber(s.get("max_body_bytes"), ConfigBounds.MAX_BODY_BYTES) : d.maxBodyBytes();
        Duration timeout = d.approvalTimeout();
        String onTimeout = d.onTimeout();
        if (s.has("approval")) {
            MapNode a = values.map(s.get("approval"));
            a.allowOnly(APPROVAL_KEYS);
            if (a.has("timeout_minutes")) {
                timeout = values.minutes(a.get("timeout_minutes"), ConfigBounds.APPROVAL_TIMEOUT_MINUTES);
            }
            if (a.has("on_timeout")) {
                onTimeout = values.string(a.get("on_timeout")).trim().toLowerCase(java.util.Locale.ROOT);
                if (!Set.of("escalate", "rollback", "deny").contains(onTimeout)) {
                    throw a.get("on_timeout").error("expected escalate, rollback or deny, found '" + onTimeout + "'");
                }
            }
        }
        Duration lease = s.has("lease_seconds") ? values.seconds(s.get("lease_seconds"), ConfigBounds.LEASE_SECONDS) : d.lease();
        Duration renew = s.has("lease_renew_seconds") ? values.seconds(s.get("lease_renew_seconds"), ConfigBounds.LEASE_RENEW_SECONDS) : d.leaseRenew();
        if (renew.compareTo(lease) >= 0) {
            throw (s.has("lease_renew_seconds") ? s.get("lease_renew_seconds") : s.get("lease_seconds")).error("leases must be renewed before they run out: "
                    + "lease_renew_seconds (" + renew.toMillis() / 1000.0 + ") must be less than lease_seconds (" + lease.toMillis() / 1000.0 + ")");
        }
        Duration resumeWithin = s.has("resume_within_minutes")
                ? values.minutes(s.get("resume_within_minutes"), ConfigBounds.RESUME_WITHIN_MINUTES) : d.resumeWithin();
        return new ServerConfig(host, port, store, d.watchFor(), timeout, onTimeout, maxBody, lease, renew, resumeWithin);
    }

    private RollbackPolicy policy(MapNode p, Map<String, String> settings, Map<String, Integer> lines, List<String> channels) {
        p.allowOnly(POLICY_KEYS);
        MapNode monitoring = section(p, "monitoring", MONITORING_KEYS);
        MapNode rollback = section(p, "rollback", ROLLBACK_KEYS);
        Duration interval = first(p, monitoring, "check_interval_seconds").map(n -> values.seconds(n, ConfigBounds.CHECK_INTERVAL_SECONDS))
                .orElse(DefaultPolicy.CHECK_INTERVAL);
        Duration baseline = first(p, monitoring, "baseline_window_minutes").map(n -> values.minutes(n, ConfigBounds.BASELINE_WINDOW_MINUTES))
                .orElse(DefaultPolicy.BASELINE_WINDOW);
        Duration blindLimit = first(p, monitoring, "blind_limit_seconds").map(n -> values.seconds(n, ConfigBounds.BLIND_LIMIT_SECONDS))
                .orElse(RollbackPolicy.DEFAULT_BLIND_LIMIT);
        int attempts = first(rollback, rollback, "max_rollback_attempts").map(n -> values.wholeNumber(n, ConfigBounds.MAX_ROLLBACK_ATTEMPTS))
                .orElse(DefaultPolicy.MAX_ROLLBACK_ATTEMPTS);
        Duration healthTimeout = first(rollback, rollback, "health_check_timeout_seconds").map(n -> values.seconds(n, ConfigBounds.HEALTH_CHECK_TIMEOUT_SECONDS))
                .orElse(DefaultPolicy.HEALTH_CHECK_TIMEOUT);
        Duration rollbackTimeout = first(p, rollback, "rollback_timeout_seconds").map(n -> values.seconds(n, ConfigBounds.ROLLBACK_TIMEOUT_SECONDS)).orElse(null);
        AutomationLevel word = p.has("require_manual_confirmation")
                ? (values.bool(p.get("require_manual_confirmation")) ? AutomationLevel.SEMI : AutomationLevel.FULL) : null;
        List<Trigger> triggers = p.has("triggers") ? triggers(p.get("triggers"), new TriggerReader(values, word)) : DefaultPolicy.triggers();
        readSettings(p, settings, lines, channels);
        return new RollbackPolicy(!p.has("enabled") || values.bool(p.get("enabled")), interval, baseline, triggers, attempts,
                healthTimeout, rollbackTimeout, verification(p), blindLimit);
    }

    /** Map style (seed 001) changes defaults by name; list style (seed 004) gives whole rules named by their metric. */
    private List<Trigger> triggers(ConfigNode node, TriggerReader reader) {
        Map<String, Trigger> byName = new LinkedHashMap<>();
        DefaultPolicy.triggers().forEach(t -> byName.put(t.name(), t));
        if (node instanceof ListNode list) {
            for (ConfigNode item : list.items()) {
                MapNode entry = values.map(item);
                ConfigNode nameNode = entry.has("name") ? entry.get("name") : entry.get("metric");
                if (nameNode == null) throw entry.error("a trigger in a list needs a 'metric' (or a 'name')");
                String name = values.string(nameNode);
                reader.read(name, entry, null).ifPresentOrElse(t -> byName.put(name, t), () -> byName.remove(name));
            }
        } else {
            values.map(node).entries().forEach((name, entry) ->
                    reader.read(name, values.map(entry), byName.get(name)).ifPresentOrElse(t -> byName.put(name, t), () -> byName.remove(name)));
        }
        return List.copyOf(byName.values());
    }

    private VerificationPolicy verification(MapNode p) {
        MapNode v = section(p, "verification", VERIFICATION_KEYS);
        if (v == null) return VerificationPolicy.SEED_000;
        VerificationPolicy d = VerificationPolicy.SEED_000;
        Duration settle = v.has("settle_seconds") ? values.seconds(v.get("settle_seconds"), ConfigBounds.SETTLE_SECONDS) : d.settle();
        Duration limit = v.has("limit_seconds") ? values.seconds(v.get("limit_seconds"), ConfigBounds.LIMIT_SECONDS) : d.limit();
        if (limit.compareTo(settle) < 0) throw v.error("limit_seconds (" + limit.toSeconds() + ") must not be shorter than settle_seconds (" + settle.toSeconds() + ")");
        double tolerance = v.has("tolerance_percent") ? values.number(v.get("tolerance_percent"), ConfigBounds.TOLERANCE_PERCENT) / 100.0 : d.tolerance();
        return new VerificationPolicy(settle, limit, tolerance);
    }

    /** Notification and bookkeeping settings stay raw strings: their ${VAR} is resolved when used. */
    private void readSettings(MapNode p, Map<String, String> settings, Map<String, Integer> lines, List<String> channels) {
        MapNode notifications = section(p, "notifications", NOTIFICATION_KEYS);
        if (notifications != null) {
            notifications.entries().forEach((k, v) -> {
                put(settings, lines, k, v);
                if (NOTIFICATION_CHANNELS.containsKey(k)) channels.add(NOTIFICATION_CHANNELS.get(k));
            });
        }
        if (p.has("notification_channels")) {
            for (ConfigNode c : values.list(p.get("notification_channels")).items()) {
                if (!(c instanceof ConfigNode.ScalarNode s) || s.value() == null) throw c.error("expected a channel name, found " + c.kind());
                if (!channels.contains(s.text())) channels.add(s.text());
            }
        }
        for (String key : List.of("operation_id", "permit_id", "rollback_script")) {
            if (p.has(key)) put(settings, lines, key, p.get(key));
        }
        MapNode safety = section(p, "safety_checks", SAFETY_KEYS);
        if (safety != null) safety.entries().forEach((k, v) -> put(settings, lines, "safety_checks." + k, v));
    }

    private static void put(Map<String, String> settings, Map<String, Integer> lines, String key, ConfigNode v) {
        if (!(v instanceof ConfigNode.ScalarNode s)) throw v.error("expected a single value, found " + v.kind());
        if (s.value() == null) return;
        settings.put(key, s.text());
        lines.put(key, s.line());
    }

    private MapNode section(MapNode parent, String key, Set<String> known) {
        if (!parent.has(key)) return null;
        MapNode m = values.map(parent.get(key));
        m.allowOnly(known);
        return m;
    }

    /** A setting that seed 004 writes at the top of its section and seed 001 nests under a subsection. */
    private static Optional<ConfigNode> first(MapNode top, MapNode nested, String key) {
        if (top != null && top.has(key)) return Optional.of(top.get(key));
        if (nested != null && nested.has(key)) return Optional.of(nested.get(key));
        return Optional.empty();
    }
}
