package dev.rewind.server;

import dev.rewind.act.RollbackListener;
import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetListener;
import dev.rewind.controller.ReleaseWatcher;
import dev.rewind.model.Decision;
import dev.rewind.model.Finding;
import dev.rewind.model.Phase;
import dev.rewind.model.Step;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.TriggerStatus;
import dev.rewind.report.notify.DeliveryLog;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import dev.rewind.store.ReleaseRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code /metrics} exports, in Prometheus' text format through Micrometer. It only listens: the fleet's events
 * (checks, decisions, rollbacks), each rollback's step progress, and the notification delivery log; the engine
 * never sees Micrometer. Durations come from the injected clock, so a test on a manual clock reads exact values.
 *
 * <ul>
 *   <li>{@code rewind_detection_latency_seconds}: from the first check that saw a breach (a trigger pending or
 *   firing) to the check whose decision acted. It cannot see how long the fault took to reach the metrics.</li>
 *   <li>{@code rewind_rollback_duration_seconds{status}}: from a rollback's start to how it ended.</li>
 *   <li>{@code rewind_rollback_step_duration_seconds{action,outcome}}: each step, by the journal's action name.</li>
 *   <li>{@code rewind_findings_total{trigger,severity}}: triggers that fired, counted at each check.</li>
 *   <li>{@code rewind_decisions_total{kind}}: each check's decision (no_rollback, rollback, approval_required, fix_forward).</li>
 *   <li>{@code rewind_notifier_failures_total{channel,status}}: deliveries that failed, were dropped or abandoned.</li>
 *   <li>{@code rewind_check_lag_seconds}: how late each scheduled check ran after it was due.</li>
 *   <li>{@code rewind_releases_watched}, {@code rewind_rollbacks_live}, and the JVM's memory, GC, threads, classes, CPU, uptime.</li>
 * </ul>
 */
public final class ServerMetrics implements FleetListener, DeliveryLog, AutoCloseable {
    static final Set<String> ENDED = Set.of("success", "success_unverified", "failed", "escalated", "aborted");
    private static final Duration[] DETECTION_BUCKETS = seconds(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600);
    private static final Duration[] ROLLBACK_BUCKETS = seconds(1, 5, 10, 30, 60, 120, 300, 600, 1800);
    private static final Duration[] LAG_BUCKETS = seconds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 10, 30);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer detection;
    private final Timer checkLag;
    /** release key → the first check of the breach that is still going on */
    private final Map<String, Instant> breachSince = new ConcurrentHashMap<>();
    /** rollback id → when it started running */
    private final Map<String, Instant> rollbackStarted = new ConcurrentHashMap<>();

    public ServerMetrics(Clock clock) {
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        detection = Timer.builder("rewind.detection.latency").description("first check that saw a breach to the decision that acted")
                .serviceLevelObjectives(DETECTION_BUCKETS).register(registry);
        checkLag = Timer.builder("rewind.check.lag").description("how late a scheduled check ran after it was due")
                .serviceLevelObjectives(LAG_BUCKETS).register(registry);
    }

    /** Gauges that read the fleet itself: releases watched and rollbacks running or waiting here. */
    public ServerMetrics watch(Fleet fleet) {
        Gauge.builder("rewind.releases.watched", fleet, f -> f.watching().size()).description("releases being watched").register(registry);
        Gauge.builder("rewind.rollbacks.live", fleet, f -> f.live().size()).description("rollbacks running, paused or awaiting approval")
                .register(registry);
        return this;
    }

    /** The text a Prometheus scrape reads (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    // ---- the fleet ----

    @Override
    public void checked(ReleaseRecord release, ReleaseWatcher.Check check, long lagMillis) {
        checkLag.record(Duration.ofMillis(lagMillis));
        Decision d = check.decision();
        Counter.builder("rewind.decisions").description("each check's decision").tag("kind", d.code()).register(registry).increment();
        for (Finding f : d.findings()) {
            Counter.builder("rewind.findings").description("triggers that fired, counted at each check").tag("trigger", f.trigger())
                    .tag("severity", f.severity().label()).register(registry).increment();
        }
        String key = release.service() + "/" + release.environment() + "/" + release.version();
        boolean breach = !d.findings().isEmpty() || check.evaluations().stream()
                .anyMatch(e -> e.status() == TriggerStatus.PENDING || e.status() == TriggerStatus.FIRING);
        if (!breach) {
            breachSince.remove(key);
            return;
        }
        Instant since = breachSince.computeIfAbsent(key, k -> check.at());
        if (!(d instanceof Decision.KeepWatching)) {
            breachSince.remove(key);
            detection.record(nonNegative(Duration.between(since, check.at())));
        }
    }

    @Override
    public void rollback(String rollbackId, String status, Map<String, Object> fields) {
        if (status.equals("running")) {
            rollbackStarted.putIfAbsent(rollbackId, clock.instant());
        } else if (ENDED.contains(status)) {
            Instant started = rollbackStarted.remove(rollbackId);
            if (started == null) return; // denied before it ran: nothing was rolled back, so no duration
            Timer.builder("rewind.rollback.duration").description("a rollback from its start to how it ended").tag("status", status)
                    .serviceLevelObjectives(ROLLBACK_BUCKETS).register(registry).record(nonNegative(Duration.between(started, clock.instant())));
        }
    }

    @Override
    public RollbackListener progress(String rollbackId) {
        return new RollbackListener() {
            @Override
            public void stepFinished(Phase phase, Step step, StepOutcome outcome, Duration took) {
                Timer.builder("rewind.rollback.step.duration").description("one rollback step, by the journal's action name")
                        .tag("action", step.action().journalName()).tag("outcome", outcome(outcome))
                        .serviceLevelObjectives(ROLLBACK_BUCKETS).register(registry).record(nonNegative(took));
            }
        };
    }

    // ---- notifications ----

    @Override
    public void record(DeliveryRecord r) {
        if (r.status() == DeliveryStatus.DELIVERED) return;
        Counter.builder("rewind.notifier.failures").description("notifications that failed, were dropped or abandoned")
                .tag("channel", r.channel()).tag("status", r.status().label()).register(registry).increment();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private static String outcome(StepOutcome o) {
        return switch (o) {
            case StepOutcome.Succeeded s -> "succeeded";
            case StepOutcome.Failed f -> "failed";
            case StepOutcome.Inconclusive i -> "inconclusive";
            case StepOutcome.Skipped s -> "skipped";
        };
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        return out;
    }
}
