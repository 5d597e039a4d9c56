package dev.rewind.demo;

import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Trigger;
import dev.rewind.model.VerificationPolicy;
import java.time.Duration;

/**
 * The demo's own time scale: every window of the policy shrinks by {@link #FACTOR}, so seed 001's
 * 5-minute windows become 10 seconds and a whole scenario fits in a minute. Only the demo uses it;
 * the printout says so.
 */
public final class DemoProfile {
    /** One minute of policy time is two seconds of demo time. */
    public static final int FACTOR = 30;

    private DemoProfile() {
    }

    public static RollbackPolicy scale(RollbackPolicy p) {
        return new RollbackPolicy(p.enabled(), scale(p.checkInterval()), scale(p.baselineWindow()),
                p.triggers().stream().map(DemoProfile::scale).toList(), p.maxRollbackAttempts(),
                scale(p.healthCheckTimeout()), p.rollbackTimeout() == null ? null : scale(p.rollbackTimeout()),
                new VerificationPolicy(scale(p.verification().settle()), scale(p.verification().limit()), p.verification().tolerance()), p.blindLimit());
    }

    private static Trigger scale(Trigger t) {
        return t.withWindow(t.window() == null ? null : scale(t.window())).withHoldFor(scale(t.holdFor()));
    }

    public static Duration scale(Duration d) {
        return d.dividedBy(FACTOR);
    }

    public static String describe() {
        return "demo time scale: 1 minute of policy time = " + (60 / FACTOR) + " s (windows, checks and timeouts divided by " + FACTOR + ")";
    }
}
