package dev.rewind.cli;

import dev.rewind.console.StagePrinter;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.controller.FleetListener;
import dev.rewind.store.Incidents;
import dev.rewind.store.ReleaseRecord;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * What {@code rewind serve} prints while it runs: one line per release registered, incident opened or closed,
 * rollback state change, release that became stable, and auto-rollback switch, so that the person who started it
 * sees what it does without the API. Checks that decide nothing are left to the API and /metrics.
 */
final class ServeConsole implements FleetListener {
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Set<String> GOOD = Set.of("success", "dry_run");
    private static final Set<String> BAD = Set.of("failed", "escalated", "aborted", "denied");

    private final StagePrinter out;
    private final Clock clock;

    ServeConsole(StagePrinter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void registered(ReleaseRecord r) {
        print(Mark.INFO, "registered " + r.service() + " " + r.version() + " in " + r.environment()
                + (r.previousVersion() == null ? "" : " (previous " + r.previousVersion() + ")") + (r.registeredBy() == null ? "" : " by " + r.registeredBy())
                + (r.canary() ? ", a canary at " + r.trafficPercent() + "% (checked against its control)" : ""));
    }

    @Override
    public void trafficMoved(ReleaseRecord r, int from) {
        print(Mark.INFO, "traffic of " + r.service() + " " + r.version() + " in " + r.environment() + " moved " + from + "% -> " + r.trafficPercent()
                + "%: checked against " + (r.canary() ? "its control" : "the baseline of " + r.previousVersion()));
    }

    @Override
    public void incident(Incidents.Incident i, boolean opened) {
        print(opened ? Mark.FAIL : Mark.WARN, "incident " + i.id() + (opened ? " opened: " : " joined by a new finding: ") + i.service() + " " + i.version()
                + " in " + i.environment() + (i.decision() == null ? "" : ", " + i.decision()));
    }

    @Override
    public void rollback(String id, String status, Map<String, Object> fields) {
        Mark mark = GOOD.contains(status) ? Mark.OK : BAD.contains(status) ? Mark.FAIL : status.equals("success_unverified") ? Mark.WARN : Mark.ACT;
        StringBuilder line = new StringBuilder("rollback " + id + " " + status);
        fields.forEach((k, v) -> {
            if (v != null && !(v instanceof Map) && !(v instanceof Iterable)) line.append(", ").append(k).append(" ").append(v);
        });
        print(mark, line.toString());
    }

    @Override
    public void stable(ReleaseRecord r) {
        print(Mark.OK, r.service() + " " + r.version() + " in " + r.environment() + " left its watch: now the stable baseline");
    }

    @Override
    public void autoRollback(String service, boolean enabled, String reason) {
        print(enabled ? Mark.OK : Mark.WARN, "auto-rollback " + (enabled ? "on" : "OFF") + " for " + service + ": " + reason);
    }

    void print(Mark mark, String text) {
        synchronized (out) {
            out.line(mark, "[" + AT.format(clock.instant()) + "] " + text);
            out.out().flush();
        }
    }
}
