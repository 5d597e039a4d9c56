package dev.rewind.server;

import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.Registration;
import dev.rewind.model.BadInputException;
import dev.rewind.model.NotFoundException;
import dev.rewind.store.Incidents;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.ReleaseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rewind's verdict on one release, for tools that gate a rollout on it (Argo Rollouts' web metric, Flagger's webhooks):
 * {@code fail} when Rewind found a problem with it (an open incident of that version, or it was rolled back), {@code pass}
 * when its checks so far found nothing (or its watch ended clean), and {@code inconclusive} while Rewind cannot tell yet
 * (no check has run, the metric source is blind, nothing watches it). Read-only: asking changes nothing.
 */
final class ReleaseVerdicts {
    enum Verdict {
        PASS, FAIL, INCONCLUSIVE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One verdict and what it rests on, as the gates answer it. */
    record Answer(Verdict verdict, ReleaseRecord release, String reason, String decision, int checks, Incidents.Incident incident,
                  Instant at) {
        Map<String, Object> body() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("verdict", verdict.label());
            m.put("ok", verdict == Verdict.PASS);
            m.put("service", release.service());
            m.put("environment", release.environment());
            m.put("version", release.version());
            m.put("previous", release.previousVersion());
            m.put("release_status", release.status().label());
            m.put("decision", decision);
            m.put("reason", reason);
            m.put("checks", checks);
            m.put("findings", incident == null ? List.of() : incident.findings());
            m.put("incident_id", incident == null ? null : incident.id());
            m.put("rollback_id", incident == null ? null : incident.rollbackId());
            m.put("deployed_at", Views.time(release.deployedAt()));
            m.put("watch_until", Views.time(release.watchUntil()));
            m.put("at", at.toString());
            return m;
        }
    }

    private final Fleet fleet;
    private final Clock clock;

    ReleaseVerdicts(Fleet fleet, Clock clock) {
        this.fleet = fleet;
        this.clock = clock;
    }

    boolean knows(String environment) {
        return fleet.environments().containsKey(environment);
    }

    /**
     * @param field   where the environment was given ("environment", "metadata.environment"), for a 400 naming it
     * @param version the version asked about, or null for the environment's current release
     */
    Answer of(String environment, String field, String version, String versionField) {
        if (environment == null || environment.isBlank()) throw new BadInputException("request", 0, field, "is required");
        FleetEnvironment env = fleet.environments().get(environment);
        if (env == null) {
            throw new BadInputException("request", 0, field, "no environment '" + shown(environment) + "' is configured; known: "
                    + fleet.environments().keySet().stream().sorted().toList());
        }
        if (version != null && !version.matches(Registration.VERSION)) {
            throw new BadInputException("request", 0, versionField, "expected a version of letters, digits and . _ : + - (at most 128)");
        }
        String service = env.config().service();
        var releases = fleet.store().releases();
        ReleaseRecord r = (version == null ? releases.current(service, environment) : releases.find(service, environment, version))
                .orElseThrow(() -> new NotFoundException("release", service + " " + (version == null ? "(current)" : version) + " in " + environment));
        return judge(r);
    }

    private Answer judge(ReleaseRecord r) {
        Instant now = clock.instant();
        Optional<Incidents.Incident> open = fleet.store().incidents().open(r.service(), r.environment()).filter(i -> r.version().equals(i.version()));
        Optional<Fleet.WatchView> watch = fleet.watching().stream().filter(w -> same(w.release(), r)).findFirst();
        int checks = watch.map(Fleet.WatchView::checks).orElse(0);
        if (open.isPresent()) {
            Incidents.Incident i = open.get();
            return new Answer(Verdict.FAIL, r, "Rewind found a problem with " + r.version() + ": incident " + i.id() + " (" + i.decision() + ")"
                    + (i.rollbackId() == null ? "" : ", rollback " + i.rollbackId()), i.decision(), checks, i, now);
        }
        if (r.status() == ReleaseStatus.ROLLED_BACK || r.status() == ReleaseStatus.FAILED) {
            return new Answer(Verdict.FAIL, r, r.version() + " was " + (r.status() == ReleaseStatus.ROLLED_BACK ? "rolled back" : "marked failed"),
                    "rollback", checks, null, now);
        }
        if (watch.isPresent()) {
            Fleet.WatchView w = watch.get();
            if (w.lastError() != null) {
                return new Answer(Verdict.INCONCLUSIVE, r, "the metric source is " + w.lastError(), w.lastDecision(), checks, null, now);
            }
            if (w.checks() == 0 || w.lastDecision() == null) {
                return new Answer(Verdict.INCONCLUSIVE, r, "no check has run yet; the first is due at " + w.nextCheck(), null, 0, null, now);
            }
            if (w.lastDecision().equals("no_rollback")) {
                return new Answer(Verdict.PASS, r, checks + " check(s) against the baseline found nothing; watched until " + w.watchUntil(),
                        w.lastDecision(), checks, null, now);
            }
            return new Answer(Verdict.FAIL, r, "the last check decided " + w.lastDecision(), w.lastDecision(), checks, null, now);
        }
        if (r.watchUntil() == null && (r.status() == ReleaseStatus.CURRENT || r.status() == ReleaseStatus.STABLE)) {
            return new Answer(Verdict.PASS, r, r.version() + " is " + r.status().label() + ": its watch ended without findings", "no_rollback", 0, null, now);
        }
        String why = fleet.environments().get(r.environment()).metrics().isEmpty()
                ? "no metric source is configured for " + r.environment() + ": Rewind does not watch it"
                : r.status() == ReleaseStatus.STABLE ? "a newer release replaced it before its watch ended" : "Rewind is not watching it now";
        return new Answer(Verdict.INCONCLUSIVE, r, why, null, 0, null, now);
    }

    private static boolean same(ReleaseRecord a, ReleaseRecord b) {
        return a.service().equals(b.service()) && a.environment().equals(b.environment()) && a.version().equals(b.version());
    }

    private static String shown(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
