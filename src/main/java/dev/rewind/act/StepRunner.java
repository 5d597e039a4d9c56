package dev.rewind.act;

import dev.rewind.model.Baseline;
import dev.rewind.model.StepAction;
import dev.rewind.model.StepOutcome;
import dev.rewind.model.StepOutcome.Failed;
import dev.rewind.model.StepOutcome.Skipped;
import dev.rewind.model.StepOutcome.Succeeded;
import dev.rewind.observe.MetricScope;
import dev.rewind.secrets.Redactor;
import dev.rewind.time.TimeSource;
import dev.rewind.verify.HealthProbe;
import dev.rewind.verify.HealthWaiter;
import dev.rewind.verify.Normalization;
import dev.rewind.verify.SmokeTestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out one step on the actuators and says how it went, as a value. Failures that another attempt
 * cannot fix (nothing configured to do the step) carry {@code retryable=false}; an unhealthy target carries
 * {@code systemic=true}.
 */
final class StepRunner {
    static final String RETRYABLE = "retryable";
    static final String SYSTEMIC = "systemic";
    private static final Duration HEALTH_POLL = Duration.ofSeconds(5);

    private final Actuators act;
    private final TimeSource time;
    private final GitOpsSteps gitops;

    StepRunner(Actuators act, TimeSource time) {
        this.act = act;
        this.time = time;
        this.gitops = act.gitops().map(g -> new GitOpsSteps(g, time)).orElse(null);
    }

    /**
     * @param strategy the plan's strategy: only blue-green and canary targets already run beside the failing
     *                 version, so only theirs can be health-checked before the switch
     */
    StepOutcome run(StepAction action, String environment, Baseline baseline, String strategy) {
        switch (StepNeeds.of(action, act, strategy)) {
            case StepNeeds.Missing m -> {
                return notConfigured(m.what());
            }
            case StepNeeds.Skip s -> {
                return new Skipped(s.why());
            }
            case StepNeeds.Ready r -> { }
        }
        try {
            return switch (action) {
                case StepAction.ValidateTarget v -> validate(v, StepNeeds.TARGET_RUNS_ALREADY.contains(strategy));
                case StepAction.DisableFlag f -> disableFlag(f);
                case StepAction.SwitchTraffic s -> switchTraffic(s);
                case StepAction.ShiftTraffic s -> shiftTraffic(s);
                case StepAction.DrainTraffic d -> {
                    TrafficRouter router = act.router().orElseThrow();
                    router.drain(d.version());
                    yield new Succeeded("drained " + d.version(), Map.of("routes", router.routes().weights()));
                }
                case StepAction.Revert r -> revert(r);
                case StepAction.Restart r -> {
                    act.deployer().orElseThrow().restart(r.service(), r.version());
                    yield new Succeeded("restarted " + r.service() + " on " + r.version());
                }
                case StepAction.AwaitHealthy h -> awaitHealthy(h);
                case StepAction.VerifyMetrics v -> verifyMetrics(v, environment, baseline);
                case StepAction.RunSmokeTests s -> smokeTests(s);
                case StepAction.ResumeTraffic r -> resumeTraffic(act.router().orElseThrow(), r);
                case StepAction.EnterMaintenance m -> MaintenanceStep.enter(act, m);
                case StepAction.ExitMaintenance m -> MaintenanceStep.exit(act, m);
                case StepAction.ScaleDown s -> {
                    act.deployer().orElseThrow().scaleDown(s.service(), s.version());
                    yield new Succeeded("scaled " + s.version() + " to zero; image kept");
                }
                case StepAction.RestoreDatabase r -> new DatabaseRestoreStep(act.database().orElseThrow()).run(r);
                case StepAction.RestoreConfig r -> new ConfigRestoreStep(act.configStore().orElseThrow(), time).run(r);
                case StepAction.FlushCache f -> new CacheFlushStep(act.cache().orElseThrow()).run(f);
                case StepAction.Notify n -> new Succeeded("notified: " + n.message());
                case StepAction.CaptureState c -> new StateCaptureStep(act, time).capture(c);
                case StepAction.VerifyBackup b -> new StateCaptureStep(act, time).verifyBackup(b);
                case StepAction.CheckRehearsal r -> new StateCaptureStep(act, time).checkRehearsal(r);
                // PlanRun held the run at the gate until an operator resumed it; reaching here is the go-ahead
                case StepAction.ManualGate g -> new Succeeded((g.manualWork() ? "done by hand, confirmed by an operator: " : "go-ahead given by an operator: ")
                        + g.message());
                case StepAction.PauseSync p -> gitops.pause(p);
                case StepAction.RevertInGit r -> gitops.revert(r);
                case StepAction.ResumeSync r -> gitops.resume(r);
                case StepAction.AwaitConvergence c -> gitops.converge(c);
            };
        } catch (PartialSwitchException e) {
            return new Failed(e.getMessage(), Map.of("switched", e.switched(), "not_switched", e.notSwitched()));
        } catch (RuntimeException e) {
            // an actuator's message may quote what it sent (an HTTP client quotes a header it refused): masked at the source
            return new Failed(Redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * A step that ended before the process died, as a resumed rollback reads it from the journal: what later steps
     * act on is taken back from its outcome (the Git revert that resuming the sync and convergence wait for).
     */
    void remember(StepAction action, StepOutcome outcome) {
        if (action instanceof StepAction.RevertInGit && gitops != null && outcome instanceof Succeeded s && s.data().get("commit") != null
                && s.data().get("branch") != null) gitops.remember(GitRevert.from(s.data()));
    }

    /** Every target the router knows goes to 0 but {@code version}: a router may read a missing target as "unchanged". */
    static Routes allOn(Routes current, String version) {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put(version, 100);
        current.weights().keySet().forEach(t -> w.putIfAbsent(t, 0));
        return new Routes(w);
    }

    private static Failed notConfigured(String what) {
        return new Failed("not configured: " + what, Map.of(RETRYABLE, false));
    }

    private StepOutcome validate(StepAction.ValidateTarget v, boolean targetRunning) {
        List<String> checked = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        if (act.deployer().isPresent()) {
            if (!act.deployer().get().versionExists(v.service(), v.version())) {
                return new Failed("target " + v.version() + " of " + v.service() + " does not exist", Map.of(RETRYABLE, false));
            }
            checked.add(v.version() + " exists");
        } else unchecked.add("existence (no deployer)");
        if (!targetRunning) {
            unchecked.add("health (" + v.version() + " runs only after the revert)");
        } else if (act.health().isPresent()) {
            HealthProbe.Health h = act.health().get().check(v.service(), v.version());
            if (!h.healthy()) {
                return new Failed("target " + v.version() + " is unhealthy too: " + h.detail(), Map.of(RETRYABLE, false, SYSTEMIC, true));
            }
            checked.add(v.version() + " healthy (" + h.detail() + ")");
        } else unchecked.add("health (no probe)");
        for (String dep : v.dependencies()) {
            if (act.reachability().isEmpty()) {
                unchecked.add("dependencies (no reachability probe)");
                break;
            }
            String problem = act.reachability().get().problem(dep);
            if (problem != null) return new Failed("dependency unreachable: " + problem);
            checked.add(dep + " reachable");
        }
        if (checked.isEmpty()) return new Skipped("not configured: nothing to check " + unchecked + " with");
        String detail = String.join("; ", checked) + (unchecked.isEmpty() ? "" : "; not checked: " + String.join(", ", unchecked));
        return new Succeeded(detail, Map.of("checked", checked, "not_checked", unchecked));
    }

    private StepOutcome disableFlag(StepAction.DisableFlag f) {
        FlagSwitch flags = act.flags().orElseThrow();
        flags.disable(f.flag());
        if (flags.isEnabled(f.flag())) return new Failed("flag " + f.flag() + " still reads as enabled after disabling it");
        return new Succeeded("flag " + f.flag() + " OFF", Map.of("flag", f.flag()));
    }

    private StepOutcome switchTraffic(StepAction.SwitchTraffic s) {
        TrafficRouter router = act.router().orElseThrow();
        Map<String, Integer> before = router.routes().weights();
        router.setRoutes(Routes.allTo(s.to(), s.from()));
        Routes after = router.routes();
        if (after.percent(s.to()) < 100) {
            return new Failed("router reports " + after.percent(s.to()) + "% on " + s.to() + " after the switch", Map.of("routes", after.weights()));
        }
        return new Succeeded("traffic " + s.from() + " -> " + s.to(), Map.of("routes_before", before, "routes_after", after.weights()));
    }

    private StepOutcome shiftTraffic(StepAction.ShiftTraffic s) {
        TrafficRouter router = act.router().orElseThrow();
        List<Map<String, Integer>> shifts = new ArrayList<>();
        for (int i = 0; i < s.stableWeights().size(); i++) {
            if (i > 0) time.pause(s.pause());
            int w = s.stableWeights().get(i);
            Map<String, Integer> weights = new LinkedHashMap<>();
            weights.put(s.to(), w);
            weights.put(s.from(), 100 - w);
            router.setRoutes(new Routes(weights));
            Routes after = router.routes();
            shifts.add(after.weights());
            if (after.percent(s.to()) < w) {
                return new Failed("router reports " + after.percent(s.to()) + "% on " + s.to() + " after shifting it to " + w + "%",
                        Map.of("shifts", shifts));
            }
        }
        return new Succeeded("traffic back on " + s.to() + " in " + shifts.size() + " shifts", Map.of("shifts", shifts));
    }

    /** Like the switch, believes the router only once it reads back all traffic on the version. */
    private static StepOutcome resumeTraffic(TrafficRouter router, StepAction.ResumeTraffic r) {
        router.setRoutes(allOn(router.routes(), r.version()));
        Routes after = router.routes();
        if (after.percent(r.version()) < 100) {
            return new Failed("router reports " + after.percent(r.version()) + "% on " + r.version() + " after resuming", Map.of("routes", after.weights()));
        }
        return new Succeeded("100% of traffic on " + r.version(), Map.of("routes", after.weights()));
    }

    private StepOutcome revert(StepAction.Revert r) {
        Deployer d = act.deployer().orElseThrow();
        Map<String, Object> before = d.snapshot(r.service());
        d.deploy(r.service(), r.to());
        String now = d.currentVersion(r.service());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", r.from());
        data.put("to", r.to());
        data.put("before", before);
        if (!r.to().equals(now)) return new Failed("deployer reports " + now + " running after applying " + r.to(), data);
        return new Succeeded(r.from() + " -> " + r.to(), data);
    }

    private StepOutcome awaitHealthy(StepAction.AwaitHealthy h) {
        HealthWaiter.Result r = new HealthWaiter(act.health().orElseThrow(), time, HEALTH_POLL).await(h.service(), h.version(), h.timeout());
        if (r.healthy()) return new Succeeded(r.lastDetail(), Map.of("waited_sec", r.waited().toSeconds(), "polls", r.polls()));
        // seed 001: the previous version unhealthy after the rollback is a systemic issue to escalate, which another
        // attempt at the same rollback would not fix; this is where an immediate rollback (no validation gates) finds it
        return new Failed("not healthy after " + h.timeout().toSeconds() + "s: " + r.lastDetail(),
                Map.of("waited_sec", r.waited().toSeconds(), "polls", r.polls(), RETRYABLE, false, SYSTEMIC, true));
    }

    private StepOutcome verifyMetrics(StepAction.VerifyMetrics v, String environment, Baseline baseline) {
        if (baseline == null || baseline.metrics().isEmpty()) return new Skipped("no baseline to compare with");
        Normalization n = act.metrics().orElseThrow().verify(new MetricScope(v.service(), environment, v.version()), baseline, v.policy());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("normalized", n.normalized());
        data.put("verdict", n.verdict().name().toLowerCase(java.util.Locale.ROOT));
        if (n.normalizationTimeSec() != null) data.put("normalization_time_sec", n.normalizationTimeSec());
        data.put("checks", n.checks());
        Map<String, Object> metrics = new LinkedHashMap<>();
        n.lastChecks().forEach(c -> metrics.put(c.metric(), c.current() == null ? "no data" : c.current()));
        data.put("metrics_after", metrics);
        if (n.note() != null) data.put("note", n.note());
        return switch (n.verdict()) {
            case NORMALIZED -> new Succeeded("normalized after " + n.normalizationTimeSec() + "s", data);
            case BLIND -> new StepOutcome.Inconclusive("recovery not verifiable: " + n.note(), data);
            case NOT_NORMALIZED -> {
                List<String> off = n.lastChecks().stream().filter(c -> !c.normal()).map(c -> c.metric() + ": " + c.reason()).toList();
                yield new Failed("metrics not back to baseline within " + v.policy().limit().toSeconds() + "s: " + String.join("; ", off), data);
            }
        };
    }

    private StepOutcome smokeTests(StepAction.RunSmokeTests s) {
        List<SmokeTestResult> results = act.smokeTests().orElseThrow().run(s.tests());
        long passed = results.stream().filter(SmokeTestResult::passed).count();
        List<Map<String, Object>> rows = results.stream().map(r -> Map.<String, Object>of("name", r.name(), "passed", r.passed(),
                "status", r.status(), "duration_ms", r.duration().toMillis(), "detail", r.detail())).toList();
        String detail = passed + "/" + results.size() + " smoke tests passed";
        return passed == results.size() ? new Succeeded(detail, Map.of("tests", rows)) : new Failed(detail, Map.of("tests", rows));
    }
}
