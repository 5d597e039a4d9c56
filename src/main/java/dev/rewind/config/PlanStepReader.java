package dev.rewind.config;

import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.model.Severity;
import dev.rewind.plan.PlanPhase;
import dev.rewind.plan.PlanStep;
import dev.rewind.plan.Scenario;
import dev.rewind.plan.StepWords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The procedure of a plan file: phases of steps, the cleanup, and the partial rollback scenarios. Each step's fields
 * are checked against its action word ({@link StepWords}): an unknown word, a field the word does not take, a missing
 * estimate or timeout, or a timeout shorter than the estimate is an error at its line.
 */
final class PlanStepReader {
    private static final Set<String> PHASE_KEYS = Set.of("id", "name", "objective", "estimate", "steps");
    private static final Set<String> CLEANUP_KEYS = Set.of("name", "objective", "estimate", "steps");
    private static final Set<String> SCENARIO_KEYS = Set.of("id", "name", "phases", "services", "expected_minutes", "use_when");
    private static final int MAX_STEPS = 200;

    private final PlanValues v;
    private final Set<String> stepIds = new HashSet<>();

    PlanStepReader(PlanValues v) {
        this.v = v;
    }

    List<PlanPhase> phases(MapNode root) {
        if (!root.has("phases")) throw root.error("missing 'phases': the rollback procedure, a list of phases with steps");
        List<ConfigNode> items = v.values().list(root.get("phases")).items();
        if (items.isEmpty()) throw root.get("phases").error("expected at least one phase");
        List<PlanPhase> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode item : items) {
            MapNode m = v.values().map(item);
            m.allowOnly(PHASE_KEYS);
            if (!m.has("id")) throw m.error("a phase needs an 'id' (such as database), which scenarios name");
            String id = v.id(m.get("id"));
            if (id.equals("cleanup")) throw m.get("id").error("'cleanup' is the cleanup section's id; give this phase another, or move it under cleanup:");
            if (!ids.add(id)) throw m.get("id").error("duplicate phase id '" + id + "'");
            out.add(phase(m, id, m.has("name") ? v.text(m.get("name")) : id));
        }
        return out;
    }

    PlanPhase cleanup(MapNode root) {
        if (!root.has("cleanup")) return null;
        MapNode m = v.values().map(root.get("cleanup"));
        m.allowOnly(CLEANUP_KEYS);
        return phase(m, "cleanup", m.has("name") ? v.text(m.get("name")) : "Cleanup");
    }

    private PlanPhase phase(MapNode m, String id, String name) {
        if (!m.has("steps")) throw m.error("phase '" + id + "' needs 'steps'");
        List<ConfigNode> items = v.values().list(m.get("steps")).items();
        if (items.isEmpty()) throw m.get("steps").error("phase '" + id + "' has no steps; expected at least one");
        if (items.size() > MAX_STEPS) throw m.get("steps").error("expected at most " + MAX_STEPS + " steps, found " + items.size());
        List<PlanStep> steps = new ArrayList<>();
        for (ConfigNode item : items) steps.add(step(v.values().map(item)));
        Duration stated = m.has("estimate") ? v.duration(m.get("estimate")) : null;
        return new PlanPhase(id, name, v.text(m, "objective"), steps, stated, m.path());
    }

    private PlanStep step(MapNode m) {
        if (!m.has("action")) throw m.error("a step needs an 'action': one of " + StepWords.words());
        String action = v.values().string(m.get("action")).strip();
        if (!StepWords.known(action)) {
            String hint = ConfigNode.closest(action, new TreeSet<>(StepWords.words()));
            throw m.get("action").error("unknown action '" + action + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?") + "."
                    + " Expected one of " + StepWords.words());
        }
        Set<String> allowed = new HashSet<>(StepWords.COMMON);
        allowed.addAll(StepWords.fields(action));
        for (Map.Entry<String, ConfigNode> e : m.entries().entrySet()) {
            if (allowed.contains(e.getKey())) continue;
            String hint = ConfigNode.closest(e.getKey(), allowed);
            throw new dev.rewind.model.BadInputException(m.file(), e.getValue().line(), e.getValue().path(), "action " + action
                    + " does not take '" + e.getKey() + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?") + " It takes "
                    + new TreeSet<>(allowed));
        }
        if (!m.has("id")) throw m.error("a step needs an 'id', unique in the plan");
        String id = v.id(m.get("id"));
        if (!stepIds.add(id)) throw m.get("id").error("duplicate step id '" + id + "': step ids are unique in the whole plan");
        String required = StepWords.required(action);
        if (required != null && !m.has(required)) throw m.error("action " + action + " needs '" + required + "'");
        if (!m.has("estimate")) throw m.error("step '" + id + "' needs an 'estimate' (how long it should take, such as 30s or 2m)");
        if (!m.has("timeout")) throw m.error("step '" + id + "' needs a 'timeout' (when it counts as failed, such as 2m)");
        Duration estimate = v.duration(m.get("estimate"));
        Duration timeout = v.duration(m.get("timeout"));
        if (timeout.compareTo(estimate) < 0) {
            throw m.get("timeout").error("the timeout (" + timeout.toSeconds() + "s) is shorter than the estimate (" + estimate.toSeconds()
                    + "s): the step would be failed before it is expected to finish");
        }
        String severity = m.has("severity") ? v.text(m.get("severity")) : null;
        if (severity != null && Severity.parse(severity) == null) throw m.get("severity").error("expected low, medium, high or critical, found '" + severity + "'");
        return new PlanStep(id, v.text(m, "description"), action, version(m, "service"), version(m, "from"), version(m, "to"),
                version(m, "target"), params(m), version(m, "flag"), v.text(m, "message"), severity, v.texts(m, "dependencies"),
                weights(m), m.has("pause") ? v.duration(m.get("pause")) : null, timeout, estimate, v.text(m, "verify"),
                v.bool(m, "halt_on_failure", true), m.path());
    }

    /** Services, versions and targets: short, printable, no spaces ($service, $from and $to stand for the rollback's own). */
    private String version(MapNode m, String key) {
        if (!m.has(key)) return null;
        String s = v.values().string(m.get(key)).strip();
        if (!s.matches("\\$?[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}")) {
            throw m.get(key).error("expected a name or version of letters, digits and . _ : / @ + - (at most 200), found '" + s + "'");
        }
        if (s.startsWith("$") && !List.of("$service", "$from", "$to").contains(s)) {
            throw m.get(key).error("expected $service, $from or $to, or a plain value, found '" + s + "'");
        }
        return s;
    }

    private Map<String, String> params(MapNode m) {
        if (!m.has("params")) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        v.values().map(m.get("params")).entries().forEach((k, node) -> {
            if (node instanceof ConfigNode.ListNode list) {
                out.put(k, String.join(",", list.items().stream().map(v::text).toList()));
            } else {
                out.put(k, v.text(node));
            }
        });
        return out;
    }

    private List<Integer> weights(MapNode m) {
        if (!m.has("weights")) return List.of();
        List<Integer> out = new ArrayList<>();
        for (ConfigNode n : v.values().list(m.get("weights")).items()) {
            int w = (int) v.number(n, ConfigBounds.TRAFFIC_WEIGHT_PERCENT);
            if (!out.isEmpty() && w <= out.getLast()) {
                throw n.error("expected whole percentages that rise to 100, such as [50, 80, 100]");
            }
            out.add(w);
        }
        if (out.isEmpty() || out.getLast() != 100) throw m.get("weights").error("the weights end at 100 (all traffic back on the target)");
        return out;
    }

    List<Scenario> scenarios(MapNode root, List<PlanPhase> procedure) {
        if (!root.has("scenarios")) return List.of();
        Set<String> phaseIds = new TreeSet<>();
        Set<String> services = new TreeSet<>();
        procedure.forEach(p -> {
            phaseIds.add(p.id());
            p.steps().stream().filter(s -> s.service() != null).forEach(s -> services.add(s.service()));
        });
        List<Scenario> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode item : v.values().list(root.get("scenarios")).items()) {
            MapNode m = v.values().map(item);
            m.allowOnly(SCENARIO_KEYS);
            if (!m.has("id")) throw m.error("a scenario needs an 'id' (rollback --scenario names it)");
            String id = v.id(m.get("id"));
            if (!ids.add(id)) throw m.get("id").error("duplicate scenario id '" + id + "'");
            List<String> phases = v.ids(m, "phases");
            for (int i = 0; i < phases.size(); i++) {
                if (!phaseIds.contains(phases.get(i))) {
                    throw v.values().list(m.get("phases")).items().get(i).error("no phase '" + phases.get(i) + "'; the plan's phases are " + phaseIds);
                }
            }
            List<String> svc = v.ids(m, "services");
            for (int i = 0; i < svc.size(); i++) {
                if (!services.contains(svc.get(i))) {
                    throw v.values().list(m.get("services")).items().get(i).error("no step acts on service '" + svc.get(i) + "'; steps name " + services);
                }
            }
            if (phases.isEmpty() && svc.isEmpty()) throw m.error("scenario '" + id + "' names neither phases nor services: it would be the whole plan");
            Duration expected = m.has("expected_minutes") ? v.minutes(m.get("expected_minutes"), ConfigBounds.PLAN_MINUTES) : null;
            out.add(new Scenario(id, m.has("name") ? v.text(m.get("name")) : id, phases, svc, expected, v.text(m, "use_when"), m.path()));
        }
        return out;
    }
}
