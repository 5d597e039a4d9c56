package dev.rewind.act;

import dev.rewind.model.BadInputException;
import dev.rewind.model.MaintenanceMode;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.plan.PlanCompiler;
import dev.rewind.plan.RunContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the standard plan for a release and its strategy (seeds 000, 001, 002): validation gates, stop the
 * impact (flag off first), move traffic, revert, prove health and metrics, resume, clean up.
 */
public final class RollbackPlanner {
    private final Duration healthCheckTimeout;
    private final VerificationPolicy verification;
    private final Duration sla;

    public RollbackPlanner(Duration healthCheckTimeout, VerificationPolicy verification, Duration sla) {
        this.healthCheckTimeout = healthCheckTimeout;
        this.verification = verification;
        this.sla = sla;
    }

    public RollbackPlanner(RollbackPolicy policy) {
        this(policy.healthCheckTimeout(), policy.verification(), policy.rollbackTimeout());
    }

    public Plan plan(Release release, Strategy strategy, PlanOptions options) {
        String from = release.version();
        String to = options.targetVersion() != null ? options.targetVersion() : release.previousVersion();
        if (to == null) {
            throw new BadInputException("--to", 0, "to", "release " + from + " of " + release.service()
                    + " has no known previous version: name the target with --to");
        }
        if (to.equals(from) && strategy != Strategy.FEATURE_FLAG) {
            throw new BadInputException("--to", 0, "to", "the target " + to + " is the running version; expected an earlier one");
        }
        if (options.coded() != null) return coded(release, to, options);
        String svc = release.service();
        boolean flagOnly = strategy == Strategy.FEATURE_FLAG;
        String keeps = flagOnly ? from : to;
        List<Phase> phases = new ArrayList<>();
        if (!options.immediate() && !flagOnly) {
            phases.add(new Phase("Validation gates", "the target exists, is healthy, and what it needs is reachable", List.of(
                    step("validate-target", "check " + to + " before switching to it",
                            new StepAction.ValidateTarget(svc, to, options.dependencies()), seconds(5), true))));
        }
        // GitOps: paused before the first change, reverted in Git after the cluster's revert (a flag-only rollback keeps the version)
        boolean gitops = options.gitops() != null && !flagOnly;
        if (gitops) phases.add(GitOpsPhases.pause(options.gitops()));
        if (release.featureFlag() != null) {
            phases.add(new Phase("Stop impact", "turn the new code off at once", List.of(
                    step("disable-flag", "feature flag " + release.featureFlag() + " OFF",
                            new StepAction.DisableFlag(release.featureFlag()), seconds(5), flagOnly))));
        } else if (flagOnly) {
            throw new BadInputException("release " + from, 0, "feature_flag",
                    "strategy feature_flag needs the release's feature flag; none is recorded");
        }
        // seed 001: maintenance ON before the version changes; a flag-only rollback changes no version, so it has none
        MaintenanceMode maint = flagOnly ? null : options.maintenance();
        if (maint != null) {
            phases.add(new Phase("Maintenance", "no user reaches " + svc + " while it is rolled back", List.of(
                    step("maintenance-on", "maintenance ON (" + maint.describe() + ")", new StepAction.EnterMaintenance(svc, maint), seconds(10), true))));
        }
        // via the router, maintenance has taken every request off the failing version: nothing is left to move
        List<Step> traffic = maint != null && maint.via() == MaintenanceMode.Via.ROUTER ? List.of() : trafficSteps(strategy, svc, from, to, options);
        if (!traffic.isEmpty()) phases.add(new Phase("Traffic", "no new requests reach " + from, traffic));
        if (!flagOnly) phases.add(new Phase("Revert", "run " + to + " again", revertSteps(strategy, svc, from, to)));
        if (gitops) phases.add(GitOpsPhases.afterRevert(options.gitops(), svc, from, to));
        phases.add(new Phase("Verify", "prove the rollback worked", verifySteps(svc, keeps, options)));
        if (!flagOnly) {
            List<Step> resume = new ArrayList<>();
            // only reached with verification passed: a failed check holds the service in maintenance (PlanRun)
            if (maint != null) {
                resume.add(step("maintenance-off", "maintenance OFF (" + maint.describe() + "), users back on " + to,
                        new StepAction.ExitMaintenance(svc, maint, to), seconds(10), true));
            }
            // the router's maintenance exit is itself "all traffic to the target"
            if (maint == null || maint.via() == MaintenanceMode.Via.FLAG) {
                resume.add(step("resume-traffic", "all traffic to " + to, new StepAction.ResumeTraffic(svc, to), seconds(10), true));
            }
            phases.add(new Phase("Resume", "all traffic on " + to, resume));
        }
        if (strategy != Strategy.FEATURE_FLAG && strategy != Strategy.CONFIG) {
            phases.add(new Phase("Cleanup", "scale " + from + " down, keeping its image for debugging", List.of(
                    step("scale-down", "scale " + from + " to zero", new StepAction.ScaleDown(svc, from), seconds(30), false))));
        }
        return new Plan("rollback " + svc + " " + from + " -> " + keeps, strategy.label(), 0, sla, phases);
    }

    /** A plan as code replaces the built-in phases; its steps default to this release's service and versions. */
    private Plan coded(Release release, String to, PlanOptions options) {
        return codedInRegion(release, to, options, null);
    }

    /** The plan as code as one region runs it ({@code region} null: a plan without regions). */
    public Plan codedInRegion(Release release, String to, PlanOptions options, String region) {
        CodedPlan c = options.coded();
        Plan compiled = PlanCompiler.compile(c.file(), c.scenario(), new RunContext(release.service(), release.version(), to, options.smokeTests(),
                verification, region, c.lastRehearsal(), c.rehearsal()));
        return withMaintenance(compiled, options.maintenance(), c.file().source().file());
    }

    /** A plan file's maintenance_on/maintenance_off steps take how from the environment's maintenance: block. */
    static Plan withMaintenance(Plan plan, MaintenanceMode mode, String file) {
        List<Phase> phases = new ArrayList<>();
        for (Phase p : plan.phases()) {
            List<Step> steps = new ArrayList<>();
            for (Step s : p.steps()) {
                StepAction a = switch (s.action()) {
                    case StepAction.EnterMaintenance m when m.mode() == null -> new StepAction.EnterMaintenance(m.service(), need(mode, file, s));
                    case StepAction.ExitMaintenance m when m.mode() == null -> new StepAction.ExitMaintenance(m.service(), need(mode, file, s), m.version());
                    default -> s.action();
                };
                steps.add(a == s.action() ? s : new Step(s.id(), s.description(), a, s.timeout(), s.estimate(), s.haltOnFailure()));
            }
            phases.add(new Phase(p.name(), p.objective(), steps));
        }
        return new Plan(plan.name(), plan.strategy(), plan.certificationLevel(), plan.sla(), phases);
    }

    private static MaintenanceMode need(MaintenanceMode mode, String file, Step s) {
        if (mode != null) return mode;
        throw new BadInputException(file, 0, "steps." + s.id() + ".action", "step " + s.id() + " puts the service in or out of maintenance, but the"
                + " environment has no maintenance: block saying how (via: router with target:, or via: flag with flag:)");
    }

    private List<Step> trafficSteps(Strategy strategy, String svc, String from, String to, PlanOptions options) {
        return switch (strategy) {
            case BLUE_GREEN -> List.of(step("switch-traffic", "all traffic " + from + " -> " + to,
                    new StepAction.SwitchTraffic(svc, from, to), seconds(10), true));
            case CANARY -> List.of(step("shift-traffic", "traffic back to " + to + " in steps " + options.canaryWeights(),
                    new StepAction.ShiftTraffic(svc, from, to, options.canaryWeights(), options.canaryPause()),
                    options.canaryPause().multipliedBy(options.canaryWeights().size() - 1).plusSeconds(10), true));
            case ROLLING_UPDATE -> List.of(step("drain-traffic", "drain " + from,
                    new StepAction.DrainTraffic(svc, from), seconds(30), true));
            case FEATURE_FLAG, CONFIG -> List.of();
        };
    }

    private List<Step> revertSteps(Strategy strategy, String svc, String from, String to) {
        List<Step> steps = new ArrayList<>();
        Duration revert = switch (strategy) {
            case BLUE_GREEN -> seconds(5);
            case CANARY -> seconds(30);
            case ROLLING_UPDATE -> Duration.ofMinutes(5);
            case CONFIG, FEATURE_FLAG -> seconds(10);
        };
        steps.add(step("revert", (strategy == Strategy.CONFIG ? "restore the configuration of " : "apply ") + to,
                new StepAction.Revert(svc, from, to), revert, true));
        if (strategy == Strategy.ROLLING_UPDATE || strategy == Strategy.CONFIG) {
            steps.add(step("restart", "restart " + svc + " on " + to, new StepAction.Restart(svc, to), seconds(30), true));
        }
        steps.add(new Step("await-healthy", "health checks pass on " + to, new StepAction.AwaitHealthy(svc, to, healthCheckTimeout),
                healthCheckTimeout.plusSeconds(30), seconds(30), true));
        return steps;
    }

    private List<Step> verifySteps(String svc, String version, PlanOptions options) {
        List<Step> steps = new ArrayList<>();
        Duration expected = verification.settle().plusSeconds(30);
        steps.add(new Step("verify-metrics", "metrics back within " + Math.round(verification.tolerance() * 100) + "% of baseline",
                new StepAction.VerifyMetrics(svc, version, verification), verification.limit().plusMinutes(1), expected, false));
        if (!options.smokeTests().isEmpty()) {
            steps.add(step("smoke-tests", options.smokeTests().size() + " smoke tests",
                    new StepAction.RunSmokeTests(svc, options.smokeTests()), seconds(10), false));
        }
        return steps;
    }

    /** An ordinary step: its timeout is four times its estimate, at least a minute. */
    private static Step step(String id, String description, StepAction action, Duration estimate, boolean halt) {
        Duration timeout = estimate.multipliedBy(4);
        return new Step(id, description, action, timeout.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : timeout, estimate, halt);
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
