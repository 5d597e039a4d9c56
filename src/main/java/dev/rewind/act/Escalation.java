package dev.rewind.act;

import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import dev.rewind.plan.EscalationLadder;
import dev.rewind.store.RollbackJournal;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed 004's rollback failure escalation, live: each failure is placed on the ladder by the time since the rollback
 * began (on the injected clock), and each level reached is journaled ({@code ESCALATION}, state {@code reached}) and
 * sent as an {@code escalated} alert with the level's actions. A rollback that ends unresolved journals the levels
 * still ahead with when they fall due (state {@code due}), so the result and the report carry the whole timeline.
 */
public final class Escalation {
    public static final String JOURNAL_ACTION = "ESCALATION";

    private final EscalationLadder ladder;
    private final Instant startedAt;
    private final RollbackJournal journal;
    private final TimeSource time;
    private final Alerts alerts;
    private int reached;

    Escalation(EscalationLadder ladder, Instant startedAt, RollbackJournal journal, TimeSource time, Alerts alerts) {
        this.ladder = ladder;
        this.startedAt = startedAt;
        this.journal = journal;
        this.time = time;
        this.alerts = alerts;
    }

    /** The level reached so far (0: no failure yet). */
    int reached() {
        return reached;
    }

    /** A failure is known now ({@code what}: the step and why, the region): escalate when it falls on a higher level. */
    void failed(String id, int attempt, String what) {
        Instant now = time.now();
        EscalationLadder.Rung rung = ladder.at(Duration.between(startedAt, now));
        if (rung.level() <= reached) return;
        reached = rung.level();
        Map<String, Object> data = rungData(rung);
        data.put("trigger", what);
        data.put("elapsed_sec", Duration.between(startedAt, now).toSeconds());
        journal.event(id, attempt, JOURNAL_ACTION, "reached", "level " + rung.level() + " (" + rung.name() + "): " + String.join("; ", rung.actions()),
                data, now);
        alerts.send(id, attempt, AlertEvent.ESCALATED, rung.level() == 1 ? Severity.HIGH : Severity.CRITICAL,
                "Rollback escalation level " + rung.level() + ": " + rung.name(), what + ". Now: " + String.join("; ", rung.actions()),
                Map.of("escalation_level", rung.level()));
    }

    /** The rollback ended without rolling back: the levels above the one reached, each with when it falls due. */
    void unresolved(String id, int attempt) {
        if (reached == 0) failed(id, attempt, "the rollback ended without rolling back");
        for (EscalationLadder.Rung rung : ladder.above(reached)) {
            Instant due = startedAt.plus(rung.after());
            Map<String, Object> data = rungData(rung);
            data.put("due_at", due.toString());
            journal.event(id, attempt, JOURNAL_ACTION, "due", "level " + rung.level() + " (" + rung.name() + ") due at " + due
                    + " if the failure is not resolved: " + String.join("; ", rung.actions()), data, time.now());
        }
    }

    private Map<String, Object> rungData(EscalationLadder.Rung rung) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("level", rung.level());
        data.put("name", rung.name());
        data.put("window", ladder.window(rung));
        data.put("actions", rung.actions());
        return data;
    }
}
