package dev.rewind.report;

import dev.rewind.model.ActionLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One plain sentence per journaled action, for people: "traffic switched 2.4.0 → 2.3.1 (13 ms)". The incident
 * report's timeline and {@code rewind report} print these; rollback_result.yaml keeps the structured entries.
 * Reads only what the journal holds (status, detail, the step's data), so an old journal reads the same way.
 */
public final class ActionSentence {
    /** Every step kind (StepAction's journal names) and journal event this class has its own sentence for. */
    static final Set<String> KNOWN = Set.of("VALIDATION_GATES", "FLAG_DEACTIVATED", "TRAFFIC_DRAINED", "TRAFFIC_SWITCHED",
            "TRAFFIC_SHIFTED", "REVERT", "RESTART", "HEALTH_VERIFIED", "METRICS_VERIFIED", "SMOKE_TESTS", "TRAFFIC_RESUMED",
            "FAILED_VERSION_SCALED_DOWN", "DATABASE_RESTORED", "CONFIG_RESTORED", "CACHE_FLUSHED", "NOTIFIED",
            "GITOPS_SYNC_PAUSED", "GITOPS_REVERTED_IN_GIT", "GITOPS_SYNC_RESUMED", "GITOPS_CONVERGED",
            "STATE_CAPTURED", "BACKUP_VERIFIED", "REHEARSAL_CHECKED", "MANUAL_GATE", "MANUAL_STEP",
            "ALERT", "ATTEMPT", "PAUSED", "RESUMED", "ABORTED", "ROLLBACK_FINISHED", "BATCH_RELEASE", "REGION", "COMPLETION_CRITERIA",
            "ESCALATION", "MAINTENANCE_ON", "MAINTENANCE_OFF", "MAINTENANCE_HELD");

    private ActionSentence() {
    }

    public static String of(ActionLogEntry e) {
        String status = status(e);
        String detail = text(e.details().get("detail"));
        return switch (e.action()) {
            case "ALERT" -> alert(e, detail);
            case "ATTEMPT" -> (detail.isEmpty() ? "attempt " + e.details().getOrDefault("attempt", "?") : detail) + " started";
            case "PAUSED" -> "paused by the operator; no step runs until it is resumed";
            case "RESUMED" -> "resumed by the operator";
            case "ABORTED" -> "aborted by the operator" + (detail.isEmpty() ? "" : ": " + detail) + "; no further step ran";
            case "ROLLBACK_FINISHED" -> "rollback finished: " + status + attempts(e.details().get("attempts"));
            case "BATCH_RELEASE" -> batch(status, detail);
            case "REGION" -> "region " + detail;
            case "COMPLETION_CRITERIA" -> "completion criteria " + (status.equals("met") ? "met" : "NOT met") + ": " + detail;
            case "ESCALATION" -> (status.equals("due") ? "escalation " : "escalated to ") + detail;
            case "MAINTENANCE_HELD" -> "kept in maintenance, escalated to the operator: " + detail;
            default -> KNOWN.contains(e.action()) ? step(e, status, detail) : fallback(e);
        };
    }

    /** For an action this class does not know: its name in words, its status and what the journal says. */
    static String fallback(ActionLogEntry e) {
        String detail = text(e.details().get("detail"));
        return words(e.action()) + ": " + status(e) + (detail.isEmpty() ? "" : " (" + detail + ")") + took(e);
    }

    private static String step(ActionLogEntry e, String status, String detail) {
        String what = what(e.action());
        return switch (status) {
            case "success" -> succeeded(e, detail);
            case "failed" -> what + " failed: " + detail + took(e);
            case "skipped" -> what + " skipped: " + detail;
            case "interrupted" -> what + " was interrupted: the process stopped while it ran";
            case "started" -> what + " started";
            default -> what + ": " + status + (detail.isEmpty() ? "" : " (" + detail + ")") + took(e);
        };
    }

    private static String succeeded(ActionLogEntry e, String detail) {
        Map<String, Object> d = e.details();
        return switch (e.action()) {
            case "VALIDATION_GATES" -> "checks before the switch passed: " + detail + took(e);
            case "FLAG_DEACTIVATED" -> "feature flag " + text(d.getOrDefault("flag", "")).strip() + " turned off" + took(e);
            case "TRAFFIC_DRAINED" -> "new requests stopped" + paren(detail) + took(e);
            case "TRAFFIC_SWITCHED" -> {
                String from = mostTraffic(d.get("routes_before")), to = mostTraffic(d.get("routes_after"));
                yield (from == null || to == null ? "traffic switched" + paren(detail) : "traffic switched " + from + " → " + to) + took(e);
            }
            case "TRAFFIC_SHIFTED" -> shifted(e, detail);
            case "REVERT" -> d.get("to") != null
                    ? "version reverted " + (d.get("from") == null ? "" : d.get("from") + " → ") + d.get("to") + took(e)
                    : "version reverted" + paren(detail) + took(e);
            case "RESTART" -> detail + took(e);
            case "HEALTH_VERIFIED" -> "health checks passed" + paren(detail) + took(e);
            case "METRICS_VERIFIED" -> d.get("normalization_time_sec") instanceof Number n
                    ? "metrics back at baseline after " + n.longValue() + " s" : "metrics back at baseline" + took(e);
            case "SMOKE_TESTS" -> smokeTests(d, detail) + took(e);
            case "TRAFFIC_RESUMED" -> {
                String on = mostTraffic(d.get("routes"));
                yield (on == null ? "traffic resumed" + paren(detail) : "all traffic back on " + on) + took(e);
            }
            case "FAILED_VERSION_SCALED_DOWN" -> "cleanup: " + detail + took(e);
            case "MAINTENANCE_ON", "MAINTENANCE_OFF" -> detail + took(e);
            case "GITOPS_SYNC_PAUSED" -> "GitOps sync paused, so the controller does not re-apply the bad version" + paren(detail) + took(e);
            case "GITOPS_REVERTED_IN_GIT" -> "the previous version committed to the config repository" + paren(detail) + took(e);
            case "GITOPS_SYNC_RESUMED" -> "GitOps sync resumed as it was" + paren(detail) + took(e);
            case "GITOPS_CONVERGED" -> "the GitOps controller reports the reverted version synced and healthy" + paren(detail) + took(e);
            case "STATE_CAPTURED" -> "state captured before the rollback: " + detail + took(e);
            case "BACKUP_VERIFIED" -> "backup gate passed: " + detail + took(e);
            case "REHEARSAL_CHECKED" -> "rehearsal gate passed: " + detail + took(e);
            case "MANUAL_GATE", "MANUAL_STEP" -> detail + took(e);
            default -> what(e.action()) + " done" + (detail.isEmpty() ? "" : ": " + detail) + took(e);
        };
    }

    private static String shifted(ActionLogEntry e, String detail) {
        if (!(e.details().get("shifts") instanceof List<?> shifts) || shifts.isEmpty()) return "traffic shifted back" + paren(detail) + took(e);
        String to = mostTraffic(shifts.getLast());
        StringBuilder steps = new StringBuilder();
        for (Object shift : shifts) {
            if (!steps.isEmpty()) steps.append(", ");
            steps.append(shift instanceof Map<?, ?> m && m.get(to) instanceof Number n ? n.intValue() + "%" : "?");
        }
        return "traffic shifted back to " + to + " in " + shifts.size() + " steps (" + steps + ")" + took(e);
    }

    private static String smokeTests(Map<String, Object> d, String detail) {
        if (!(d.get("tests") instanceof Collection<?> tests)) return detail;
        return tests.size() == 1 ? "1 smoke test passed" : "all " + tests.size() + " smoke tests passed";
    }

    private static String alert(ActionLogEntry e, String title) {
        String severity = status(e);
        String delivery = text(e.details().get("delivery"));
        if (delivery.isEmpty() || delivery.equals("sent")) return severity + " alert sent: " + title;
        if (delivery.startsWith("not configured")) return severity + " alert recorded (no notifier configured): " + title;
        return severity + " alert could not be sent (" + delivery + "): " + title;
    }

    private static String batch(String status, String detail) {
        return switch (status) {
            case "started" -> "batch: rolling back " + detail;
            case "skipped" -> "batch: " + detail;
            default -> "batch: rollback of " + detail + " ended " + status;
        };
    }

    /** The step, named for a sentence that goes on with "failed", "skipped" or "was interrupted". */
    private static String what(String action) {
        return switch (action) {
            case "VALIDATION_GATES" -> "checks before the switch";
            case "FLAG_DEACTIVATED" -> "turning the feature flag off";
            case "TRAFFIC_DRAINED" -> "draining traffic";
            case "TRAFFIC_SWITCHED" -> "the traffic switch";
            case "TRAFFIC_SHIFTED" -> "shifting traffic back";
            case "REVERT" -> "the revert";
            case "RESTART" -> "the restart";
            case "HEALTH_VERIFIED" -> "the health check";
            case "METRICS_VERIFIED" -> "metric verification";
            case "SMOKE_TESTS" -> "the smoke tests";
            case "TRAFFIC_RESUMED" -> "resuming traffic";
            case "MAINTENANCE_ON" -> "turning maintenance on";
            case "MAINTENANCE_OFF" -> "ending maintenance";
            case "FAILED_VERSION_SCALED_DOWN" -> "scaling the failed version down";
            case "DATABASE_RESTORED" -> "the database restore";
            case "CONFIG_RESTORED" -> "the configuration restore";
            case "CACHE_FLUSHED" -> "the cache flush";
            case "NOTIFIED" -> "the notification";
            case "STATE_CAPTURED" -> "the state capture";
            case "BACKUP_VERIFIED" -> "the backup gate";
            case "REHEARSAL_CHECKED" -> "the rehearsal gate";
            case "MANUAL_GATE" -> "the manual gate";
            case "MANUAL_STEP" -> "the manual step";
            default -> words(action);
        };
    }

    /** "success" for every way the journal has said it (older rows say "normalized" or "ok"). */
    private static String status(ActionLogEntry e) {
        String s = e.status() == null ? "" : e.status().toLowerCase(Locale.ROOT);
        return IncidentTimeline.succeeded(e) ? "success" : s;
    }

    private static String attempts(Object attempts) {
        if (!(attempts instanceof Number n)) return "";
        return " after " + n.intValue() + (n.intValue() == 1 ? " attempt" : " attempts");
    }

    /** The target with the largest share in a routes map, or null when there is none. */
    private static String mostTraffic(Object routes) {
        if (!(routes instanceof Map<?, ?> m)) return null;
        String best = null;
        double max = 0;
        for (var entry : m.entrySet()) {
            if (entry.getValue() instanceof Number n && n.doubleValue() > max) {
                max = n.doubleValue();
                best = String.valueOf(entry.getKey());
            }
        }
        return best;
    }

    /** " (13 ms)" from the step's start to its end, or nothing when the journal has no start. */
    private static String took(ActionLogEntry e) {
        if (!(e.details().get("started_at") instanceof String s) || e.timestamp() == null) return "";
        try {
            return " (" + duration(Duration.between(Instant.parse(s), e.timestamp())) + ")";
        } catch (DateTimeParseException ignored) {
            return "";
        }
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
        long s = d.toSeconds();
        return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }

    private static String paren(String detail) {
        return detail.isEmpty() ? "" : " (" + detail + ")";
    }

    private static String words(String action) {
        return action.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
