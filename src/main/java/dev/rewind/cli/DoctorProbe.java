package dev.rewind.cli;

import dev.rewind.wiring.Integrations;
import dev.rewind.act.Deployer;
import dev.rewind.act.FlagSwitch;
import dev.rewind.act.Routes;
import dev.rewind.act.TrafficRouter;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.GitOpsConfig;
import dev.rewind.integrations.gitops.GitOpsIntegration;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.config.RewindConfig;
import dev.rewind.wiring.EnvironmentWiring;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.model.UnreachableException;
import dev.rewind.observe.MetricSource;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.net.ConnectException;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds one configured integration through {@link Integrations} and makes one cheap read on it, timed.
 * Every outcome becomes a {@link DoctorCheck}: the status comes from the exception's type, never from its text.
 */
final class DoctorProbe {
    static final String EMBEDDED = "embedded (started by rewind demo / rollback)";

    private final Integrations integrations;
    private final TimeSource time;

    DoctorProbe(Integrations integrations, TimeSource time) {
        this.integrations = integrations;
        this.time = time;
    }

    DoctorCheck metrics(String environment, IntegrationConfig c) {
        return check(environment, "metrics", c, integrations::metricSource, (MetricSource source) -> {
            source.checkOnline();
            return "online";
        });
    }

    DoctorCheck router(String environment, IntegrationConfig c) {
        return check(environment, "router", c, integrations::router, (TrafficRouter router) -> weights(router.routes()));
    }

    DoctorCheck deployer(String environment, String service, IntegrationConfig c) {
        return check(environment, "deployer", c, integrations::deployer,
                (Deployer deployer) -> "service " + service + " runs " + deployer.currentVersion(service));
    }

    DoctorCheck flags(String environment, String flag, IntegrationConfig c) {
        if (flag == null) {
            // FlagSwitch has no read that needs no flag: prove the settings build, and say that nothing was read
            return check(environment, "flags", c, integrations::flags, (FlagSwitch s) -> null);
        }
        return check(environment, "flags", c, integrations::flags,
                (FlagSwitch s) -> "flag " + flag + " is " + (s.isEnabled(flag) ? "on" : "off"));
    }

    /**
     * What a rollback of the environment will need (a query per trigger metric, an actuator per plan step): the
     * same check that watch and rollback run when they load the config.
     */
    DoctorCheck plan(RewindConfig config, EnvironmentConfig env) {
        String strategy = env.strategy() == null ? "blue_green" : env.strategy();
        boolean embedded = java.util.stream.Stream.of(env.metrics(), env.router(), env.deployer(), env.flags())
                .anyMatch(c -> c != null && "demo".equals(c.type()));
        if (embedded) return new DoctorCheck(env.name(), "plan", strategy, "-", DoctorStatus.EMBEDDED, EMBEDDED, -1);
        try {
            EnvironmentWiring wiring = EnvironmentWiring.build(config, env, config.policy(), integrations, time, alert -> { }, null);
            int steps = new dev.rewind.act.RollbackPlanner(wiring.policy()).plan(
                    new dev.rewind.model.Release(env.service(), env.name(), "new", "previous", Instant.EPOCH, java.util.List.of(), env.featureFlag(), 100, null),
                    wiring.strategy(), EnvironmentWiring.options(env, dev.rewind.act.PlanOptions.defaults())).steps().size();
            String notes = wiring.check().notes().isEmpty() ? "" : "; note: " + String.join("; note: ", wiring.check().notes());
            return new DoctorCheck(env.name(), "plan", strategy, "-", DoctorStatus.OK,
                    "every trigger has a query and each of the " + steps + " rollback steps has what it needs" + notes, -1);
        } catch (RuntimeException e) {
            return new DoctorCheck(env.name(), "plan", strategy, "-", e instanceof BadInputException ? DoctorStatus.BAD_CONFIG : DoctorStatus.FAILED,
                    e.getMessage(), -1);
        }
    }

    /**
     * The GitOps app: one read of the Argo CD Application or Flux object (it exists, and what its controller says now).
     * Role {@code gitops}; a missing object is FAILED, refused credentials UNAUTHORIZED.
     */
    DoctorCheck gitopsApp(EnvironmentConfig env) {
        GitOpsConfig g = env.gitops();
        String target = g.kind() + " " + g.namespace() + "/" + g.name();
        Instant start = time.now();
        try (var client = GitOpsIntegration.connect(g, env.deployer())) {
            var state = GitOpsIntegration.controller(g, client, time).state();
            return new DoctorCheck(env.name(), "gitops", g.type(), target, DoctorStatus.OK, "exists; " + state.detail(), since(start));
        } catch (RuntimeException e) {
            return gitopsFailed(env.name(), "gitops", g, target, e, since(start));
        }
    }

    /**
     * The config repository: a read of the branch (ls-remote) and a push handshake with the configured credentials, which
     * is where a server refuses someone who may not push, and sends nothing; with a pull_request block, GitHub's own word
     * on push permission too. Branch protection and hooks only show on a real push. Role {@code gitops-git}.
     */
    DoctorCheck gitopsRepository(EnvironmentConfig env) {
        GitOpsConfig g = env.gitops();
        String target = g.git().url() + " " + g.git().branch() + ":" + g.git().path();
        Instant start = time.now();
        try {
            var access = GitOpsIntegration.repository(g, time).checkAccess();
            String github = g.git().pullRequest() == null ? ""
                    : GitOpsIntegration.mayPushThroughGitHub(g) ? "; GitHub: this token may push to " + g.git().pullRequest().repository()
                    : null;
            if (github == null) {
                return new DoctorCheck(env.name(), "gitops-git", "git", target, DoctorStatus.UNAUTHORIZED,
                        "GitHub says this token may not push to " + g.git().pullRequest().repository() + " (permissions.push is false)", since(start));
            }
            return new DoctorCheck(env.name(), "gitops-git", "git", target, DoctorStatus.OK,
                    "branch " + g.git().branch() + " at " + access.head().substring(0, 12) + "; " + access.push() + github, since(start));
        } catch (RuntimeException e) {
            return gitopsFailed(env.name(), "gitops-git", g, target, e, since(start));
        }
    }

    private DoctorCheck gitopsFailed(String environment, String role, GitOpsConfig g, String target, RuntimeException e, long millis) {
        DoctorCheck row = failed(environment, role, new IntegrationConfig(g.type(), java.util.Map.of(), g.file(), g.line(), g.path()), target, e, millis);
        return new DoctorCheck(row.environment(), row.role(), role.equals("gitops") ? g.type() : "git", target, row.status(),
                maskSecrets(row.detail(), g), row.latencyMillis());
    }

    /** Every secret of the block, as resolved now, masked by value wherever a message repeats it. */
    private static String maskSecrets(String text, GitOpsConfig g) {
        String out = text;
        for (GitOpsConfig.Secret s : new GitOpsConfig.Secret[] {g.git().password(), g.git().pullRequest() == null ? null : g.git().pullRequest().token()}) {
            if (s == null) continue;
            try {
                String v = s.value();
                if (v.length() >= 4) out = out.replace(v, "****");
            } catch (RuntimeException unset) {
                // an unset variable has no value to leak
            }
        }
        return out;
    }

    private <T> DoctorCheck check(String environment, String role, IntegrationConfig c,
                                  Function<IntegrationConfig, T> build, Function<T, String> read) {
        String target = DoctorTarget.of(c);
        if ("demo".equals(c.type())) return new DoctorCheck(environment, role, c.type(), target, DoctorStatus.EMBEDDED, EMBEDDED, -1);
        T built;
        try {
            built = build.apply(c);
        } catch (RuntimeException e) {
            return failed(environment, role, c, target, e, -1);
        }
        Instant start = time.now();
        try {
            String detail = read.apply(built);
            if (detail == null) {
                return new DoctorCheck(environment, role, c.type(), target, DoctorStatus.SKIPPED,
                        "settings valid; no feature_flag configured, so no flag was read", -1);
            }
            return new DoctorCheck(environment, role, c.type(), target, DoctorStatus.OK, DoctorTarget.scrub(detail, c), since(start));
        } catch (RuntimeException e) {
            return failed(environment, role, c, target, e, since(start));
        } finally {
            close(built);
        }
    }

    private DoctorCheck failed(String environment, String role, IntegrationConfig c, String target, RuntimeException e, long millis) {
        DoctorStatus status = switch (e) {
            case UnreachableException u when u.unauthorized() -> DoctorStatus.UNAUTHORIZED;
            case UnreachableException u -> DoctorStatus.UNREACHABLE;
            case BadInputException b -> DoctorStatus.BAD_CONFIG;
            case ActionFailedException a -> DoctorStatus.FAILED;
            default -> DoctorStatus.FAILED;
        };
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!(e instanceof dev.rewind.model.RewindException)) message = e.getClass().getSimpleName() + ": " + message;
        return new DoctorCheck(environment, role, c.type(), target, status, DoctorTarget.scrub(message + cause(e), c), millis);
    }

    /** The root cause, when the message does not already say it (a refused connection hides under an IOException). */
    private static String cause(Throwable e) {
        Throwable root = e;
        boolean refused = false;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            refused |= root instanceof ConnectException;
        }
        // the JDK's HttpClient often reports a refused connection as a ConnectException without any message
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (refused && !message.contains("refused")) return " (cause: connection refused or failed)";
        if (root == e || root.getMessage() == null || e.getMessage() != null && e.getMessage().contains(root.getMessage())) return "";
        return " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private long since(Instant start) {
        return Math.max(0, Duration.between(start, time.now()).toMillis());
    }

    private static String weights(Routes routes) {
        if (routes.weights().isEmpty()) return "no servers";
        return "weights " + routes.weights().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void close(Object built) {
        if (built instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // the check's answer is already known; a failed close changes nothing the doctor reports
            }
        }
    }
}
