package dev.rewind.plan;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Seed 004's "Rollback Failure Escalation": the longer a failing rollback has run, the higher it is escalated. A rung
 * holds from its {@code after} (time since the rollback began) until the next rung's.
 */
public record EscalationLadder(List<Rung> rungs) {

    public EscalationLadder {
        rungs = rungs.stream().sorted(Comparator.comparing(Rung::after)).toList();
        if (rungs.isEmpty() || !rungs.getFirst().after().isZero()) {
            throw new IllegalArgumentException("an escalation ladder starts with a rung at 0 minutes, found " + rungs);
        }
    }

    /** @param after time since the rollback began from which this rung holds */
    public record Rung(int level, String name, Duration after, List<String> actions) {
        public Rung {
            actions = List.copyOf(actions);
        }
    }

    /** Seed 004's four levels: 0-5, 5-15, 15-30 and 30+ minutes. */
    public static final EscalationLadder SEED_004 = new EscalationLadder(List.of(
            new Rung(1, "First attempt failed", Duration.ZERO, List.of("Review rollback logs for errors",
                    "Check prerequisites (backups, images, etc.)", "Retry rollback with verbose logging", "Notify incident commander")),
            new Rung(2, "Retry failed", Duration.ofMinutes(5), List.of("Escalate to senior SRE", "Attempt manual rollback steps",
                    "Check for blocking conditions", "Consider partial rollback", "Notify engineering director")),
            new Rung(3, "Manual rollback struggling", Duration.ofMinutes(15), List.of("Escalate to CTO/VP Engineering",
                    "Engage vendor support if needed", "Consider forward-fix instead", "Activate disaster recovery procedures",
                    "Prepare customer communication")),
            new Rung(4, "Critical incident", Duration.ofMinutes(30), List.of("Activate full incident response team",
                    "Consider complete service rebuild", "Restore from disaster recovery backups", "Execute customer communication plan",
                    "Prepare post-incident review"))));

    /** The rung that holds {@code elapsed} after the rollback began. */
    public Rung at(Duration elapsed) {
        Rung holding = rungs.getFirst();
        for (Rung r : rungs) {
            if (elapsed.compareTo(r.after()) >= 0) holding = r;
        }
        return holding;
    }

    /** The rungs above {@code level}, lowest first: what comes next while the failure is not resolved. */
    public List<Rung> above(int level) {
        return rungs.stream().filter(r -> r.level() > level).toList();
    }

    /** "0-5 min", "30+ min": the rung's window, as seed 004 writes it. */
    public String window(Rung rung) {
        int i = rungs.indexOf(rung);
        long from = rung.after().toMinutes();
        return i + 1 < rungs.size() ? from + "-" + rungs.get(i + 1).after().toMinutes() + " min" : from + "+ min";
    }
}
