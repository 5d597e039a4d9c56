package dev.rewind.config;

import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.plan.CommunicationPlan;
import dev.rewind.plan.CompletionCriteria;
import dev.rewind.plan.DataConsistency;
import dev.rewind.plan.EscalationLadder;
import dev.rewind.plan.PlanRegions;
import dev.rewind.plan.StateCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The smaller sections of a plan file: state capture, data consistency, regions, communication, escalation, completion. */
final class PlanSections {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    /** Snapshot labels end up in Kubernetes object names: lower-case DNS words. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,40}[a-z0-9])?");
    private static final Map<StateCapture.Kind, Set<String>> CAPTURE_KEYS = Map.of(
            StateCapture.Kind.VERSIONS, Set.of("service"),
            StateCapture.Kind.DEPLOYMENT, Set.of("service"),
            StateCapture.Kind.DATABASE_DUMP, Set.of("database", "name"),
            StateCapture.Kind.CONFIG_SNAPSHOT, Set.of("target", "name"),
            StateCapture.Kind.ROW_COUNTS, Set.of("database", "tables"));
    private static final Map<StateCapture.Kind, Duration> CAPTURE_ESTIMATE = Map.of(
            StateCapture.Kind.VERSIONS, Duration.ofSeconds(1), StateCapture.Kind.DEPLOYMENT, Duration.ofSeconds(1),
            StateCapture.Kind.DATABASE_DUMP, Duration.ofSeconds(30), StateCapture.Kind.CONFIG_SNAPSHOT, Duration.ofSeconds(1),
            StateCapture.Kind.ROW_COUNTS, Duration.ofSeconds(2));

    private final PlanValues v;

    PlanSections(PlanValues v) {
        this.v = v;
    }

    List<StateCapture> captures(MapNode root) {
        if (!root.has("state_capture")) return List.of();
        List<StateCapture> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> kinds = java.util.Arrays.stream(StateCapture.Kind.values()).map(StateCapture.Kind::word).toList();
        for (ConfigNode item : v.values().list(root.get("state_capture")).items()) {
            MapNode m = v.values().map(item);
            String word = v.choice(m, "capture", null, kinds);
            if (word == null) throw m.error("a capture needs 'capture': one of " + kinds);
            StateCapture.Kind kind = StateCapture.Kind.valueOf(word.toUpperCase(java.util.Locale.ROOT));
            Set<String> keys = new HashSet<>(CAPTURE_KEYS.get(kind));
            keys.addAll(Set.of("id", "capture", "estimate"));
            m.allowOnly(keys);
            String id = m.has("id") ? v.id(m.get("id")) : word + "-" + (out.size() + 1);
            if (!ids.add(id)) throw m.error("duplicate capture id '" + id + "'");
            String target = switch (kind) {
                case VERSIONS, DEPLOYMENT -> m.has("service") ? v.id(m.get("service")) : null;
                case DATABASE_DUMP, ROW_COUNTS -> v.id(required(m, "database", "the database's name, as its database block says"));
                case CONFIG_SNAPSHOT -> v.id(required(m, "target", "the ConfigMap, Secret or file to keep"));
            };
            String name = m.has("name") ? name(m, kind) : kind == StateCapture.Kind.DATABASE_DUMP ? "pre-rollback" : kind == StateCapture.Kind.CONFIG_SNAPSHOT ? "pre-rollback" : null;
            List<String> tables = tables(m, "tables");
            if (kind == StateCapture.Kind.ROW_COUNTS && tables.isEmpty()) throw m.error("row_counts needs 'tables' to count");
            Duration estimate = m.has("estimate") ? v.duration(m.get("estimate")) : CAPTURE_ESTIMATE.get(kind);
            out.add(new StateCapture(id, kind, target, name, tables, estimate));
        }
        return out;
    }

    private String name(MapNode m, StateCapture.Kind kind) {
        String s = v.values().string(m.get("name")).strip();
        if (!LABEL.matcher(s).matches()) {
            throw m.get("name").error("expected a lower-case name of letters, digits, '.' and '-' (at most 42; a time stamp is added), found '" + s + "'");
        }
        return s;
    }

    private static ConfigNode required(MapNode m, String key, String what) {
        if (!m.has(key)) throw m.error("missing '" + key + "': " + what);
        return m.get(key);
    }

    private List<String> tables(MapNode m, String key) {
        List<String> out = new ArrayList<>();
        if (!m.has(key)) return out;
        for (ConfigNode n : v.values().list(m.get(key)).items()) {
            String t = v.values().string(n).strip();
            if (!TABLE.matcher(t).matches()) throw n.error("expected a table name such as users or shop.orders, found '" + t + "'");
            out.add(t);
        }
        return out;
    }

    DataConsistency dataConsistency(MapNode root) {
        MapNode m = v.section(root, "data_consistency", Set.of("tables", "on_mismatch", "not_applicable"));
        if (m == null) return null;
        List<String> tables = tables(m, "tables");
        String na = v.text(m, "not_applicable");
        if (tables.isEmpty() == (na == null)) throw m.error("give 'tables' to count before and after a restore, or 'not_applicable' saying why no data is touched");
        return new DataConsistency(tables, v.choice(m, "on_mismatch", "warn", List.of("warn", "fail")).equals("fail"), na);
    }

    PlanRegions regions(MapNode root) {
        MapNode m = v.section(root, "regions", Set.of("on_failure", "order"));
        if (m == null) return PlanRegions.none();
        if (!m.has("order")) throw m.error("missing 'order': the regions, first to last, each with a name and its environment");
        List<PlanRegions.Region> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : v.values().list(m.get("order")).items()) {
            MapNode r = v.values().map(item);
            r.allowOnly(Set.of("name", "environment"));
            String name = v.id(required(r, "name", "the region's name, such as eu-west"));
            if (!names.add(name)) throw r.get("name").error("region '" + name + "' is listed twice");
            out.add(new PlanRegions.Region(name, v.id(required(r, "environment", "the configured environment that rolls this region back"))));
        }
        if (out.isEmpty()) throw m.get("order").error("expected at least one region");
        return new PlanRegions(out, v.choice(m, "on_failure", "stop", List.of("stop", "continue")).equals("continue"));
    }

    CommunicationPlan communication(MapNode root) {
        MapNode m = v.section(root, "communication", Set.of("channels", "stakeholders", "update_every_minutes", "customer_message"));
        if (m == null) return null;
        return new CommunicationPlan(v.texts(m, "channels"), v.texts(m, "stakeholders"),
                m.has("update_every_minutes") ? v.minutes(m.get("update_every_minutes"), ConfigBounds.PLAN_UPDATE_EVERY_MINUTES) : null, v.text(m, "customer_message"));
    }

    EscalationLadder escalation(MapNode root) {
        if (!root.has("escalation")) return null;
        List<EscalationLadder.Rung> rungs = new ArrayList<>();
        for (ConfigNode item : v.values().list(root.get("escalation")).items()) {
            MapNode m = v.values().map(item);
            m.allowOnly(Set.of("level", "after_minutes", "name", "actions"));
            int level = v.values().wholeNumber(required(m, "level", "its number, 1 upwards"), ConfigBounds.ESCALATION_LEVEL);
            Duration after = m.has("after_minutes") ? Duration.ofMinutes((long) v.number(m.get("after_minutes"), ConfigBounds.ESCALATION_AFTER_MINUTES)) : null;
            if (after == null) throw m.error("missing 'after_minutes': minutes since the rollback began from which this level holds");
            if (!rungs.isEmpty() && (level <= rungs.getLast().level() || after.compareTo(rungs.getLast().after()) <= 0)) {
                throw m.error("levels rise one after another, each after more minutes than the one before");
            }
            if (rungs.isEmpty() && !after.isZero()) throw m.get("after_minutes").error("the first level holds from 0 minutes");
            rungs.add(new EscalationLadder.Rung(level, v.requiredText(m, "name", "what the level means, such as 'Retry failed'"), after, v.texts(m, "actions")));
        }
        if (rungs.isEmpty()) throw root.get("escalation").error("expected at least one level, or leave escalation out for seed 004's ladder");
        return new EscalationLadder(rungs);
    }

    CompletionCriteria completion(MapNode root) {
        MapNode m = v.section(root, "completion", Set.of("min_rolled_back_percent"));
        if (m == null || !m.has("min_rolled_back_percent")) return null;
        return new CompletionCriteria(v.number(m.get("min_rolled_back_percent"), ConfigBounds.COMPLETION_PERCENT));
    }
}
