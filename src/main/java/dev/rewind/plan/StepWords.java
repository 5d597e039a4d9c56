package dev.rewind.plan;

import dev.rewind.model.Severity;
import dev.rewind.model.StepAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The action words a plan file's steps use, the fields each takes, and the {@link StepAction} each becomes. The
 * loader refuses a word or a field that is not here; the compiler fills what a step leaves out from the rollback
 * (its service, the failing version as {@code from}, the version rolled back to as {@code to}).
 */
public final class StepWords {
    public static final String MANUAL = "manual";
    public static final String MANUAL_GATE = "manual_gate";
    public static final String RESTORE_DATABASE = "restore_database";
    public static final String VALIDATE_TARGET = "validate_target";
    public static final String MAINTENANCE_ON = "maintenance_on";
    public static final String MAINTENANCE_OFF = "maintenance_off";

    /** Fields every step has. */
    public static final Set<String> COMMON = Set.of("id", "description", "action", "timeout", "estimate", "verify", "halt_on_failure");

    private static final Map<String, Set<String>> FIELDS = new LinkedHashMap<>();
    /** Fields a word cannot do without (beyond the common ones). */
    private static final Map<String, String> REQUIRED = Map.of("disable_flag", "flag", RESTORE_DATABASE, "target",
            "restore_config", "target", "flush_cache", "target", "notify", "message", MANUAL, "message", MANUAL_GATE, "message");

    static {
        FIELDS.put(VALIDATE_TARGET, Set.of("service", "to", "dependencies"));
        FIELDS.put("disable_flag", Set.of("flag"));
        FIELDS.put("drain_traffic", Set.of("service", "from"));
        FIELDS.put("switch_traffic", Set.of("service", "from", "to"));
        FIELDS.put("shift_traffic", Set.of("service", "from", "to", "weights", "pause"));
        FIELDS.put("revert", Set.of("service", "from", "to"));
        FIELDS.put("restart", Set.of("service", "to"));
        FIELDS.put("await_healthy", Set.of("service", "to"));
        FIELDS.put("verify_metrics", Set.of("service", "to"));
        FIELDS.put("smoke_tests", Set.of("service"));
        FIELDS.put("resume_traffic", Set.of("service", "to"));
        // the environment's maintenance: block says how (router or flag); the compiled step gets it from the rollback
        FIELDS.put(MAINTENANCE_ON, Set.of("service"));
        FIELDS.put(MAINTENANCE_OFF, Set.of("service", "to"));
        FIELDS.put("scale_down", Set.of("service", "from"));
        FIELDS.put(RESTORE_DATABASE, Set.of("target", "params"));
        FIELDS.put("restore_config", Set.of("target", "params"));
        FIELDS.put("flush_cache", Set.of("target", "params"));
        FIELDS.put("notify", Set.of("message", "severity"));
        FIELDS.put(MANUAL, Set.of("message"));
        FIELDS.put(MANUAL_GATE, Set.of("message"));
    }

    /** Words whose step puts something back (a version, traffic, data, configuration): the targets seed 003 counts. */
    public static final Set<String> ROLLS_BACK = Set.of("revert", "switch_traffic", "shift_traffic", "disable_flag",
            RESTORE_DATABASE, "restore_config");

    private StepWords() {
    }

    public static List<String> words() {
        return List.copyOf(FIELDS.keySet());
    }

    public static boolean known(String word) {
        return FIELDS.containsKey(word);
    }

    /** The fields {@code word} takes beyond the common ones. */
    public static Set<String> fields(String word) {
        return FIELDS.getOrDefault(word, Set.of());
    }

    /** The one field {@code word} cannot do without, or null. */
    public static String required(String word) {
        return REQUIRED.get(word);
    }

    /** Steps that act on a named service (the others act on a database, config, cache, or on people). */
    public static boolean hasService(String word) {
        return fields(word).contains("service");
    }

    /** The step as the executor runs it, with what it leaves out taken from the rollback. */
    static StepAction action(PlanStep s, RunContext ctx) {
        String svc = value(s.service(), ctx);
        String from = value(s.from() == null ? "$from" : s.from(), ctx);
        String to = value(s.to() == null ? "$to" : s.to(), ctx);
        return switch (s.action()) {
            case VALIDATE_TARGET -> new StepAction.ValidateTarget(svc, to, s.dependencies());
            case "disable_flag" -> new StepAction.DisableFlag(s.flag());
            case "drain_traffic" -> new StepAction.DrainTraffic(svc, from);
            case "switch_traffic" -> new StepAction.SwitchTraffic(svc, from, to);
            case "shift_traffic" -> new StepAction.ShiftTraffic(svc, from, to, s.weights().isEmpty() ? List.of(50, 80, 100) : s.weights(),
                    s.pause() == null ? java.time.Duration.ofSeconds(30) : s.pause());
            case "revert" -> new StepAction.Revert(svc, from, to);
            case "restart" -> new StepAction.Restart(svc, to);
            case "await_healthy" -> new StepAction.AwaitHealthy(svc, to, s.timeout());
            case "verify_metrics" -> new StepAction.VerifyMetrics(svc, to, ctx.verification());
            case "smoke_tests" -> new StepAction.RunSmokeTests(svc, ctx.smokeTests());
            case "resume_traffic" -> new StepAction.ResumeTraffic(svc, to);
            case MAINTENANCE_ON -> new StepAction.EnterMaintenance(svc, null);
            case MAINTENANCE_OFF -> new StepAction.ExitMaintenance(svc, null, to);
            case "scale_down" -> new StepAction.ScaleDown(svc, from);
            case RESTORE_DATABASE -> new StepAction.RestoreDatabase(s.target(), s.params());
            case "restore_config" -> new StepAction.RestoreConfig(s.target(), s.params());
            case "flush_cache" -> new StepAction.FlushCache(s.target(), s.params());
            case "notify" -> new StepAction.Notify(s.severity() == null ? Severity.HIGH : Severity.parse(s.severity()), s.message());
            case MANUAL -> new StepAction.ManualGate(s.message(), true);
            case MANUAL_GATE -> new StepAction.ManualGate(s.message(), false);
            default -> throw new IllegalArgumentException("unknown step action '" + s.action() + "' at " + s.path());
        };
    }

    /** $service, $from and $to stand for the rollback's own; null means $service. */
    private static String value(String raw, RunContext ctx) {
        if (raw == null || raw.equals("$service")) return ctx.service();
        return switch (raw) {
            case "$from" -> ctx.from();
            case "$to" -> ctx.to();
            default -> raw;
        };
    }
}
