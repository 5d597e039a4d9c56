package dev.rewind.server;

import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.report.PastDeploy;
import dev.rewind.report.PastRollback;
import dev.rewind.store.AuditEntry;
import dev.rewind.store.ReleaseRecord;
import dev.rewind.store.RollbackRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's history as the statistics read it. Deploys are the registrations the audit trail holds (the previous
 * version a registration names is recorded too, but nobody deployed it then); a rollback's SLA is its environment's
 * rollback timeout, else seed 004's Level 2 SLA of 30 minutes.
 */
final class HistoryFacts {
    static final Duration DEFAULT_SLA = Duration.ofMinutes(30);
    static final int MAX_ROWS = 10_000;

    private final Fleet fleet;

    HistoryFacts(Fleet fleet) {
        this.fleet = fleet;
    }

    List<PastDeploy> deploys() {
        List<PastDeploy> out = new ArrayList<>();
        for (AuditEntry e : fleet.store().audit().entries()) {
            if (!e.action().equals("release.registered") || e.target() == null || e.detail() == null) continue;
            String[] target = e.target().split("/", 2);
            String version = word(e.detail(), "version=");
            if (target.length != 2 || version == null) continue;
            Instant deployedAt = fleet.store().releases().find(target[0], target[1], version).map(ReleaseRecord::deployedAt).orElse(e.at());
            out.add(new PastDeploy(target[0], target[1], version, deployedAt));
        }
        return out;
    }

    List<PastRollback> rollbacks() {
        return fleet.store().history().list(MAX_ROWS).stream().map(this::rollback).toList();
    }

    PastRollback rollback(RollbackRecord r) {
        Map<String, Object> approval = r.approval();
        Object decision = approval.get("decision");
        boolean denied = "denied".equals(decision) || (r.status().equals("aborted") && approval.containsKey("requested_at") && decision == null);
        Instant acting = r.startedAt();
        if ("approved".equals(decision) && approval.get("decided_at") instanceof String at) acting = Instant.parse(at);
        Long impact = null;
        if (r.result().get("diagnosis") instanceof Map<?, ?> d && d.get("impact_duration_sec") instanceof Number n) impact = n.longValue();
        String status = fleet.live().getOrDefault(r.id(), r.status());
        return new PastRollback(r.id(), r.service(), r.environment(), r.fromVersion(), r.trigger(), status, denied, acting, r.finishedAt(),
                impact, sla(r.environment()));
    }

    Duration sla(String environment) {
        FleetEnvironment env = fleet.environments().get(environment);
        Duration d = env == null ? null : env.policy().rollbackTimeout();
        return d == null ? DEFAULT_SLA : d;
    }

    boolean slaFromPolicy(String environment) {
        FleetEnvironment env = fleet.environments().get(environment);
        return env != null && env.policy().rollbackTimeout() != null;
    }

    private static String word(String text, String key) {
        for (String w : text.split(" ")) {
            if (w.startsWith(key) && w.length() > key.length()) return w.substring(key.length());
        }
        return null;
    }
}
