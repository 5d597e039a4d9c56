package dev.rewind.server;

import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.model.BadInputException;
import dev.rewind.model.NotFoundException;
import dev.rewind.report.RollbackInsights;
import dev.rewind.report.RollbackStatistics;
import dev.rewind.store.RollbackRecord;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the dashboard reads besides the resources: who the token is (so the page offers only what the role may do),
 * the history's statistics and insights (seed 001's rollback statistics and rollback_causes, seed 004's historical
 * view), a release's metrics against its baseline, and a rollback's progress against its SLA. Each answer carries the
 * server's time, so a page on a skewed clock still shows the right elapsed time.
 */
final class DashboardApi implements RewindServer.Extension {
    static final int DEFAULT_DAYS = 30;

    private final Fleet fleet;
    private final Clock clock;
    private final HistoryFacts history;
    private final RollbackProgress progress;
    private final ReleaseSeries series;

    DashboardApi(Fleet fleet, Clock clock) {
        this.fleet = fleet;
        this.clock = clock;
        this.history = new HistoryFacts(fleet);
        this.progress = new RollbackProgress(fleet, history);
        this.series = new ReleaseSeries(fleet, clock);
    }

    @Override
    public void routes(JavalinConfig config, Function<Context, String> actor) {
        var r = config.routes;
        r.get("/api/v1/whoami", this::whoami, RewindServer.Needs.VIEWER);
        r.get("/api/v1/stats", this::stats, RewindServer.Needs.VIEWER);
        r.get("/api/v1/insights", this::insights, RewindServer.Needs.VIEWER);
        r.get("/api/v1/releases/series", this::series, RewindServer.Needs.VIEWER);
        r.get("/api/v1/rollbacks/{id}/progress", this::progress, RewindServer.Needs.VIEWER);
    }

    private void whoami(Context ctx) {
        Auth.Caller c = ctx.attribute(RewindServer.CALLER);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("role", c.role().label());
        m.put("may_operate", c.role().atLeast(dev.rewind.store.ApiTokens.Role.OPERATOR));
        m.put("now", clock.instant().toString());
        m.put("environments", fleet.environments().values().stream().map(e -> Map.of("name", e.name(), "service", e.config().service(),
                "production", e.config().production())).toList());
        RewindServer.json(ctx, 200, m);
    }

    private RollbackStatistics.Stats compute(Context ctx) {
        int days = days(ctx);
        Instant to = clock.instant();
        return new RollbackStatistics().compute(history.deploys(), history.rollbacks(), to.minus(Duration.ofDays(days)), to);
    }

    private void stats(Context ctx) {
        RollbackStatistics.Stats s = compute(ctx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window_days", days(ctx));
        m.put("from", s.from().toString());
        m.put("to", s.to().toString());
        m.put("deployments", s.deployments());
        m.put("rollbacks", s.rollbacks());
        m.put("auto_rollbacks", s.autoRollbacks());
        m.put("auto_rollback_percent", s.autoRollbackPercent());
        m.put("manual_rollbacks", s.manualRollbacks());
        m.put("manual_rollback_percent", s.manualRollbackPercent());
        m.put("success_rate_percent", s.deploymentSuccessPercent());
        m.put("finished_rollbacks", s.finishedRollbacks());
        m.put("successful_rollbacks", s.successfulRollbacks());
        m.put("rollback_success_rate_percent", s.rollbackSuccessPercent());
        m.put("in_progress", s.inProgress());
        m.put("awaiting_approval", s.awaitingApproval());
        m.put("denied", s.denied());
        m.put("rollback_causes", RollbackInsights.causes(s));
        m.put("average_rollback_sec", s.averageRollbackSec());
        m.put("manual_rollback_estimate_sec", RollbackStatistics.MANUAL_ROLLBACK.toSeconds());
        m.put("time_saved_sec", s.timeSavedSec());
        m.put("time_saved_per_rollback_sec", s.timeSavedPerRollbackSec());
        m.put("downtime_sec", s.downtimeSec());
        m.put("downtime_without_auto_rollback_estimate_sec", s.downtimeWithoutEstimateSec());
        m.put("downtime_reduction_percent", s.downtimeReductionPercent());
        m.put("sla_measured", s.measuredAgainstSla());
        m.put("sla_met", s.withinSla());
        m.put("sla_compliance_percent", s.slaCompliancePercent());
        m.put("by_service", s.byService().stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("service", f.service());
            x.put("deployments", f.deployments());
            x.put("rollbacks", f.rollbacks());
            x.put("rollback_percent", f.rollbackPercent());
            x.put("average_rollback_sec", f.averageRollbackSec());
            x.put("sla_compliance_percent", f.slaCompliancePercent());
            return x;
        }).toList());
        m.put("estimates", Map.of("manual_rollback", "seed 001: a rollback by hand takes 25 minutes",
                "downtime_without_auto_rollback", "seed 001: 55 minutes per bad deploy (30 to notice, 15 to decide, 10 to roll back)"));
        RewindServer.json(ctx, 200, m);
    }

    private void insights(Context ctx) {
        RollbackStatistics.Stats s = compute(ctx);
        List<RollbackInsights.Insight> all = new RollbackInsights().from(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window_days", days(ctx));
        m.put("rollbacks", s.rollbacks());
        m.put("rollback_causes", RollbackInsights.causes(s));
        m.put("insights", all.stream().map(RollbackInsights.Insight::text).toList());
        m.put("details", all.stream().map(i -> Map.of("topic", i.topic(), "count", i.count(), "text", i.text())).toList());
        RewindServer.json(ctx, 200, m);
    }

    private void series(Context ctx) {
        String envName = ctx.queryParam("environment");
        String version = ctx.queryParam("version");
        if (envName == null || envName.isBlank()) throw new BadInputException("request", 0, "environment", "is required");
        if (version == null || !dev.rewind.model.VersionName.valid(version)) {
            throw new BadInputException("request", 0, "version", "expected a version of letters, digits and . _ + - (at most 128)");
        }
        FleetEnvironment env = fleet.environments().get(envName);
        if (env == null) throw new NotFoundException("environment", envName);
        RewindServer.json(ctx, 200, series.of(env, version));
    }

    private void progress(Context ctx) {
        String id = ctx.pathParam("id");
        RollbackRecord r = fleet.store().history().find(id).orElseThrow(() -> new NotFoundException("rollback", id));
        RewindServer.json(ctx, 200, progress.of(r, clock.instant()));
    }

    private static int days(Context ctx) {
        String raw = ctx.queryParam("days");
        if (raw == null) return DEFAULT_DAYS;
        try {
            int n = Integer.parseInt(raw);
            if (n < 1 || n > 3650) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException("request", 0, "days", "expected a whole number of days 1..3650");
        }
    }
}
