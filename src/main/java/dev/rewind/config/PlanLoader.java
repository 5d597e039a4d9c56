package dev.rewind.config;

import dev.rewind.config.ConfigNode.ListNode;
import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.model.BadInputException;
import dev.rewind.plan.CertificationLevel;
import dev.rewind.plan.CommunicationPlan;
import dev.rewind.plan.CompletionCriteria;
import dev.rewind.plan.DataConsistency;
import dev.rewind.plan.DecisionCriteria;
import dev.rewind.plan.EscalationLadder;
import dev.rewind.plan.PlanMetadata;
import dev.rewind.plan.PlanOperation;
import dev.rewind.plan.PlanPhase;
import dev.rewind.plan.PlanRegions;
import dev.rewind.plan.PlanSource;
import dev.rewind.plan.PlanTesting;
import dev.rewind.plan.RollbackPlanFile;
import dev.rewind.plan.SafetyGates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a rollback plan file (seed 004's template as YAML, or JSON) into a {@link RollbackPlanFile}: every key known,
 * every value typed and bounded, every error naming the file, the line and the field. Whether the plan meets its
 * certification level is {@link dev.rewind.plan.PlanRules}'s business, not the reader's.
 */
public final class PlanLoader {
    private static final Set<String> ROOT = Set.of("metadata", "operation", "sla_minutes", "state_capture", "decision", "safety_checks",
            "phases", "cleanup", "scenarios", "verification_checklist", "data_consistency", "testing", "regions", "communication",
            "escalation", "completion");
    private static final Set<String> METADATA = Set.of("operation_id", "permit_id", "name", "owner", "certification_level", "created", "last_updated");
    private static final Set<String> OPERATION = Set.of("summary", "deployment_type", "services", "dependencies", "risk");
    private static final List<String> DEPLOYMENT_TYPES = List.of("blue_green", "feature_flag", "canary", "rolling_update",
            "database_migration", "config", "unknown");
    private static final Set<String> DECISION = Set.of("automatic", "manual", "point_of_no_return", "fix_forward");
    private static final Set<String> TRIGGER = Set.of("metric", "threshold", "comparison", "duration_seconds", "consecutive", "per");
    private static final Set<String> SAFETY = Set.of("verify_backup_exists", "verify_previous_version_healthy", "verify_rollback_tested");
    private static final Set<String> TESTING = Set.of("staging", "production_like", "rehearsal", "rehearsal_max_age_days");

    private final PlanValues v;

    /** @param env environment variable lookup for ${VAR} (System::getenv, or a map in tests) */
    public PlanLoader(Function<String, String> env) {
        this.v = new PlanValues(new ConfigValues(env));
    }

    public static RollbackPlanFile load(Path file) {
        return new PlanLoader(System::getenv).read(file);
    }

    public RollbackPlanFile read(Path file) {
        String text;
        try {
            if (Files.size(file) > 1_000_000) throw new BadInputException(file.toString(), 0, null, "the plan file is over 1 MB; a plan is a page or two of YAML");
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, null, "cannot read the plan file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** The plan's identity: a rollback records it when it starts, and a resume with another plan is refused. */
    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    public RollbackPlanFile parse(String file, String text) {
        ConfigNode tree = ConfigTreeReader.read(file, text);
        PlanSource source = new PlanSource(file, lines(tree), sha256(text));
        MapNode root = v.values().map(tree);
        root.allowOnly(ROOT);
        PlanMetadata metadata = metadata(v.required(root, "metadata", "operation_id, name, owner and certification_level (2, 3 or 4)"));
        PlanOperation operation = operation(v.required(root, "operation", "summary, deployment_type and the services affected"));
        PlanStepReader steps = new PlanStepReader(v);
        List<PlanPhase> phases = steps.phases(root);
        PlanPhase cleanup = steps.cleanup(root);
        List<PlanPhase> procedure = new ArrayList<>(phases);
        if (cleanup != null) procedure.add(cleanup);
        Duration sla = root.has("sla_minutes") ? v.minutes(root.get("sla_minutes"), ConfigBounds.PLAN_SLA_MINUTES) : null;
        PlanSections sections = new PlanSections(v);
        return new RollbackPlanFile(source, metadata, operation, sla, sections.captures(root), decision(root), safety(root), phases, cleanup,
                steps.scenarios(root, procedure), v.texts(root, "verification_checklist"), sections.dataConsistency(root), testing(root),
                sections.regions(root), sections.communication(root), sections.escalation(root), sections.completion(root));
    }

    private PlanMetadata metadata(MapNode m) {
        m.allowOnly(METADATA);
        if (!m.has("certification_level")) throw m.error("missing 'certification_level': 2, 3 or 4 (seed 004)");
        int number = v.values().wholeNumber(m.get("certification_level"), ConfigBounds.CERTIFICATION_LEVEL);
        CertificationLevel level = CertificationLevel.of(number);
        if (level == null) throw m.get("certification_level").error("expected 2, 3 or 4 (seed 004's levels with a rollback plan), found " + number);
        return new PlanMetadata(v.id(required(m, "operation_id", "the operation's id, such as op-12345")), m.has("permit_id") ? v.id(m.get("permit_id")) : null,
                v.requiredText(m, "name", "what the operation is, such as 'API v2.1 deployment'"),
                v.requiredText(m, "owner", "who owns the plan"), level, v.instant(m, "created"), v.instant(m, "last_updated"));
    }

    private static ConfigNode required(MapNode m, String key, String what) {
        if (!m.has(key)) throw m.error("missing '" + key + "': " + what);
        return m.get(key);
    }

    private PlanOperation operation(MapNode m) {
        m.allowOnly(OPERATION);
        String type = v.choice(m, "deployment_type", "unknown", DEPLOYMENT_TYPES);
        List<PlanOperation.AffectedService> services = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (m.has("services")) {
            for (ConfigNode item : v.values().list(m.get("services")).items()) {
                PlanOperation.AffectedService s = item instanceof MapNode sm ? service(sm) : new PlanOperation.AffectedService(v.id(item), "application", null);
                if (!names.add(s.name())) throw item.error("service '" + s.name() + "' is listed twice");
                services.add(s);
            }
        }
        String risk = null;
        String reason = null;
        if (m.has("risk")) {
            MapNode r = v.values().map(m.get("risk"));
            r.allowOnly(Set.of("level", "reason"));
            risk = v.choice(r, "level", null, List.of("low", "medium", "high", "critical"));
            reason = v.text(r, "reason");
        }
        return new PlanOperation(v.requiredText(m, "summary", "what is being changed"), type, services, v.texts(m, "dependencies"), risk, reason);
    }

    private PlanOperation.AffectedService service(MapNode m) {
        m.allowOnly(Set.of("name", "role", "environment"));
        return new PlanOperation.AffectedService(v.id(required(m, "name", "the service's name")),
                v.choice(m, "role", "application", List.of("application", "database", "cache", "config", "queue", "other")),
                m.has("environment") ? v.id(m.get("environment")) : null);
    }

    private DecisionCriteria decision(MapNode root) {
        MapNode m = v.section(root, "decision", DECISION);
        if (m == null) return DecisionCriteria.none();
        List<DecisionCriteria.AutomaticTrigger> triggers = new ArrayList<>();
        if (m.has("automatic")) {
            for (ConfigNode item : v.values().list(m.get("automatic")).items()) {
                MapNode t = v.values().map(item);
                t.allowOnly(TRIGGER);
                if (!t.has("threshold")) throw t.error("an automatic trigger needs a 'threshold'");
                triggers.add(new DecisionCriteria.AutomaticTrigger(v.id(required(t, "metric", "the metric it watches")),
                        v.number(t.get("threshold"), ConfigBounds.THRESHOLD), v.choice(t, "comparison", "greater_than", List.of("greater_than", "less_than")),
                        t.has("duration_seconds") ? (long) v.number(t.get("duration_seconds"), ConfigBounds.PLAN_TRIGGER_SECONDS) : 0, v.bool(t, "consecutive", false)));
            }
        }
        DecisionCriteria.PointOfNoReturnSpec ponr = null;
        MapNode p = v.section(m, "point_of_no_return", Set.of("description", "database", "since_tag"));
        if (p != null) {
            if (p.has("database") != p.has("since_tag")) {
                throw p.error("give both 'database' and 'since_tag' (the migrations applied since the tag decide), or neither");
            }
            ponr = new DecisionCriteria.PointOfNoReturnSpec(v.text(p, "description"), p.has("database") ? v.id(p.get("database")) : null,
                    p.has("since_tag") ? v.id(p.get("since_tag")) : null);
        }
        return new DecisionCriteria(triggers, v.texts(m, "manual"), ponr, v.texts(m, "fix_forward"));
    }

    private SafetyGates safety(MapNode root) {
        MapNode m = v.section(root, "safety_checks", SAFETY);
        if (m == null) return SafetyGates.none();
        return new SafetyGates(v.bool(m, "verify_backup_exists", false), v.bool(m, "verify_previous_version_healthy", false),
                v.bool(m, "verify_rollback_tested", false));
    }

    private PlanTesting testing(MapNode root) {
        MapNode m = v.section(root, "testing", TESTING);
        if (m == null) return PlanTesting.none();
        return new PlanTesting(passed(m, "staging"), passed(m, "production_like"), rehearsal(m),
                m.has("rehearsal_max_age_days") ? Duration.ofDays((long) v.number(m.get("rehearsal_max_age_days"), ConfigBounds.REHEARSAL_MAX_AGE_DAYS)) : null);
    }

    /** A test counts when it is dated and passed. */
    private java.time.Instant passed(MapNode testing, String key) {
        MapNode m = v.section(testing, key, Set.of("tested_at", "result", "notes"));
        if (m == null) return null;
        if (!m.has("tested_at")) throw m.error("missing 'tested_at': when the test ran");
        String result = v.choice(m, "result", "passed", List.of("passed", "failed"));
        return result.equals("passed") ? v.instant(m.get("tested_at")) : null;
    }

    private java.time.Instant rehearsal(MapNode testing) {
        MapNode m = v.section(testing, "rehearsal", Set.of("completed_at", "participants", "issues_found", "notes"));
        if (m == null) return null;
        v.texts(m, "participants");
        v.texts(m, "issues_found");
        if (!m.has("completed_at")) throw m.error("missing 'completed_at': when the rehearsal was held");
        return v.instant(m.get("completed_at"));
    }

    /** Every node's line by its path, for rules that report a field of a plan already read. */
    private static Map<String, Integer> lines(ConfigNode node) {
        Map<String, Integer> out = new LinkedHashMap<>();
        collect(node, out);
        return out;
    }

    private static void collect(ConfigNode node, Map<String, Integer> out) {
        if (!node.path().isEmpty()) out.putIfAbsent(node.path(), node.line());
        switch (node) {
            case MapNode m -> m.entries().values().forEach(c -> collect(c, out));
            case ListNode l -> l.items().forEach(c -> collect(c, out));
            case ConfigNode.ScalarNode s -> { }
        }
    }
}
