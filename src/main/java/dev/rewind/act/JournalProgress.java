package dev.rewind.act;

import dev.rewind.model.RollbackStatus;
import dev.rewind.model.StepOutcome;
import dev.rewind.store.JournalEntry;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How far a rollback got, read back from its journal: the attempt it was in, the steps of that attempt that ended
 * (with their outcomes, so they are not run again), the step that started and never ended (the process died in it),
 * and whether the executor had finished. What a resumed rollback continues from.
 *
 * @param attempt     the last attempt the journal opened; 0 when it opened none
 * @param done        the outcome of each step that ended in that attempt, by step id (its latest outcome)
 * @param interrupted the step of that attempt that started and did not end, or null
 * @param finished    how the executor ended, when it did (the process died after it, writing the report), or null
 * @param flagOffEarlier a feature flag was turned off in an earlier attempt
 */
record JournalProgress(Instant startedAt, int attempt, Map<String, StepOutcome> done, String interrupted, RollbackStatus finished,
                       boolean flagOffEarlier) {
    private static final String FLAG_OFF = new dev.rewind.model.StepAction.DisableFlag("x").journalName();

    JournalProgress {
        done = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(done));
    }

    static JournalProgress of(List<JournalEntry> rows) {
        Instant startedAt = rows.isEmpty() ? null : rows.getFirst().at();
        int attempt = rows.stream().filter(r -> r.action().equals("ATTEMPT") && r.state().equals("started")).mapToInt(JournalEntry::attempt).max().orElse(0);
        Map<Long, JournalEntry> starts = new LinkedHashMap<>();
        Map<String, StepOutcome> done = new LinkedHashMap<>();
        Set<String> open = new HashSet<>();
        String interrupted = null;
        RollbackStatus finished = null;
        boolean flagOffEarlier = false;
        for (JournalEntry r : rows) {
            if (r.action().equals("ROLLBACK_FINISHED")) finished = RollbackStatus.valueOf(r.state().toUpperCase(Locale.ROOT));
            if (r.stepId() == null) continue;
            if (r.begins() == null) {
                starts.put(r.seq(), r);
                if (r.attempt() == attempt) open.add(r.stepId());
                continue;
            }
            JournalEntry start = starts.get(r.begins());
            if (start == null) continue;
            if (r.attempt() < attempt && r.action().equals(FLAG_OFF) && r.state().equals("success")) flagOffEarlier = true;
            if (r.attempt() != attempt) continue;
            open.remove(start.stepId());
            done.put(start.stepId(), outcome(r));
        }
        for (JournalEntry s : starts.values()) {
            if (s.attempt() == attempt && open.contains(s.stepId())) interrupted = s.stepId();
        }
        return new JournalProgress(startedAt, attempt, done, interrupted, finished, flagOffEarlier);
    }

    /** The outcome as the journal holds it: its state, detail and data (masked as stored). */
    static StepOutcome outcome(JournalEntry r) {
        return switch (r.state()) {
            case "success" -> new StepOutcome.Succeeded(r.detail(), r.data());
            case "failed" -> new StepOutcome.Failed(r.detail(), r.data());
            case "inconclusive" -> new StepOutcome.Inconclusive(r.detail(), r.data());
            case "skipped" -> new StepOutcome.Skipped(r.detail());
            default -> throw new IllegalStateException("journal row " + r.seq() + " of " + r.rollbackId() + " ends step " + r.stepId()
                    + " with state '" + r.state() + "'; expected success, failed, inconclusive or skipped");
        };
    }

    /** What the resumed attempt takes from the journal. */
    PlanRun.Resumption resumption() {
        return new PlanRun.Resumption(done, interrupted);
    }
}
