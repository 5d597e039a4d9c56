package dev.rewind.report;

import dev.rewind.model.ActionLogEntry;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The instants an incident report hangs on. Only {@code deployedAt} and {@code detectedAt} are required:
 * a rollback that never started or never recovered leaves the later ones null.
 *
 * @param trafficRestoredAt when users stopped reaching the bad release (flag off, traffic switched, reverted)
 * @param recoveredAt       when metrics were verified back at baseline
 */
public record IncidentTimeline(Instant deployedAt, Instant detectedAt, Instant rollbackStartedAt,
                               Instant trafficRestoredAt, Instant recoveredAt) {

    /** Journal actions after which the bad release no longer serves users (seed 000: the flag stops the impact at once). */
    static final Set<String> IMPACT_STOPPING = Set.of(
            "FLAG_DEACTIVATED", "TRAFFIC_SWITCHED", "TRAFFIC_DRAINED", "REVERT", "REVERT_SUCCESS", "TRAFFIC_RESUMED",
            "MAINTENANCE_ON"); // the maintenance page: no user reaches the bad release any more

    public IncidentTimeline {
        Objects.requireNonNull(deployedAt, "deployedAt");
        Objects.requireNonNull(detectedAt, "detectedAt");
    }

    /**
     * Reads the later instants off the actions log: the first action starts the rollback, the first successful
     * impact-stopping action restores traffic, a successful METRICS_VERIFIED marks recovery.
     */
    public static IncidentTimeline fromActions(Instant deployedAt, Instant detectedAt, List<ActionLogEntry> actions) {
        Instant started = actions.stream().map(ActionLogEntry::timestamp).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        Instant restored = actions.stream()
                .filter(a -> IMPACT_STOPPING.contains(a.action()) && succeeded(a))
                .map(ActionLogEntry::timestamp).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        Instant recovered = actions.stream()
                .filter(a -> a.action().equals("METRICS_VERIFIED") && succeeded(a))
                .map(ActionLogEntry::timestamp).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        return new IncidentTimeline(deployedAt, detectedAt, started, restored, recovered);
    }

    static boolean succeeded(ActionLogEntry a) {
        String s = a.status() == null ? "" : a.status().toLowerCase(java.util.Locale.ROOT);
        return s.equals("success") || s.equals("normalized") || s.equals("succeeded") || s.equals("ok");
    }
}
