package dev.rewind.config;

/**
 * What each number of a config may be (README, "Bounds"). Wide enough for any real policy, narrow enough that no
 * value can overflow a duration, make a replay run for hours, or turn a comparison into NaN.
 */
public final class ConfigBounds {
    private ConfigBounds() {
    }

    // monitoring: one check at least every 0.1 s; a replay at a finer interval would only multiply identical checks
    public static final Bound CHECK_INTERVAL_SECONDS = Bound.seconds(0.1, 3600);
    public static final Bound BASELINE_WINDOW_MINUTES = Bound.minutes(0.01, 43_200);
    /** How long {@code watch} goes on while its metric source cannot be read, before it gives up (exit 3). */
    public static final Bound BLIND_LIMIT_SECONDS = Bound.seconds(1, 86_400);

    // rollback
    public static final Bound MAX_ROLLBACK_ATTEMPTS = Bound.whole(1, 10);
    public static final Bound HEALTH_CHECK_TIMEOUT_SECONDS = Bound.seconds(0.1, 3600);
    public static final Bound ROLLBACK_TIMEOUT_SECONDS = Bound.seconds(1, 86_400);

    // verification
    public static final Bound SETTLE_SECONDS = Bound.seconds(0.1, 3600);
    public static final Bound LIMIT_SECONDS = Bound.seconds(0.1, 86_400);
    public static final Bound TOLERANCE_PERCENT = Bound.percent(0, 1000);

    // triggers
    public static final Bound MULTIPLIER = Bound.of(0.001, 1000);
    public static final Bound THRESHOLD = Bound.of(-1e12, 1e12);
    public static final Bound THRESHOLD_PERCENT = Bound.percent(0, 100);
    public static final Bound FAILURE_COUNT = Bound.whole(0, 1_000_000);
    public static final Bound WINDOW_SECONDS = Bound.seconds(0.1, 604_800);
    public static final Bound WINDOW_MINUTES = Bound.minutes(0.01, 10_080);
    public static final Bound HOLD_SECONDS = Bound.seconds(0.1, 86_400);
    /** A sequential test's level: 0.5 would roll back every other healthy release; below 1e-9 nothing would ever fire. */
    public static final Bound ALPHA = Bound.of(1e-9, 0.5);
    /** The relative worsening a sequential test accepts: up to ten times worse (1000%). */
    public static final Bound TOLERANCE = Bound.of(0, 10);
    public static final Bound TEST_TOLERANCE_PERCENT = Bound.percent(0, 1000);
    /** How far back a sequential test reads the previous release: from 3.6 s to 30 days. */
    public static final Bound BASELINE_HOURS = Bound.of(0.001, 720);

    // smoke tests
    public static final Bound SMOKE_TIMEOUT_SECONDS = Bound.seconds(0.1, 300);
    public static final Bound HTTP_STATUS = Bound.whole(100, 599);

    // notification channels
    public static final Bound CHANNEL_ATTEMPTS = Bound.whole(1, 10);
    public static final Bound CHANNEL_TIMEOUT_SECONDS = Bound.seconds(0.1, 300);
    public static final Bound CHANNEL_BACKOFF_SECONDS = Bound.seconds(0.001, 600);
    public static final Bound CHANNEL_QUEUE_SIZE = Bound.whole(1, 10_000);

    // serve
    /** Seed 001's 24-hour watch: from a minute to 30 days, in seconds. */
    public static final Bound WATCH_DURATION_SECONDS = Bound.seconds(60, 30 * 86_400);
    public static final Bound SERVER_PORT = Bound.whole(0, 65_535);
    public static final Bound MAX_BODY_BYTES = Bound.whole(1024, 16_000_000);
    public static final Bound APPROVAL_TIMEOUT_MINUTES = Bound.minutes(0.1, 10_080);
    /** Replicas (README, "Replicas and crash resume"): Argo Rollouts' 15 s lease renewed every 10 s is the default. */
    public static final Bound LEASE_SECONDS = Bound.seconds(2, 300);
    public static final Bound LEASE_RENEW_SECONDS = Bound.seconds(0.5, 300);
    public static final Bound RESUME_WITHIN_MINUTES = Bound.minutes(1, 10_080);

    // gitops
    public static final Bound CONVERGE_TIMEOUT_SECONDS = Bound.seconds(1, 86_400);
    public static final Bound POLL_SECONDS = Bound.seconds(0.1, 3600);
    public static final Bound GIT_TIMEOUT_SECONDS = Bound.seconds(1, 3600);

    // rollback plans (seed 004): a step on loopback takes a tenth of a second; nothing in a plan runs beyond a day
    /** Wider than seed 004's 2..4 so that a 1 or a 5 gets the message naming the levels, not a bare range. */
    public static final Bound CERTIFICATION_LEVEL = Bound.whole(0, 10);
    public static final Bound ESCALATION_LEVEL = Bound.whole(1, 10);
    public static final Bound PLAN_STEP_SECONDS = Bound.seconds(0.1, 86_400);
    public static final Bound PLAN_SLA_MINUTES = Bound.minutes(1, 1440);
    public static final Bound PLAN_MINUTES = Bound.minutes(0.1, 1440);
    public static final Bound PLAN_UPDATE_EVERY_MINUTES = Bound.minutes(1, 1440);
    public static final Bound ESCALATION_AFTER_MINUTES = new Bound(0, 1440, "minutes", true);
    public static final Bound PLAN_TRIGGER_SECONDS = new Bound(0, 86_400, "seconds", true);
    public static final Bound REHEARSAL_MAX_AGE_DAYS = new Bound(1, 365, "days", true);
    public static final Bound COMPLETION_PERCENT = Bound.percent(0, 100);
    public static final Bound TRAFFIC_WEIGHT_PERCENT = new Bound(1, 100, "percent", true);
}
