package dev.rewind.cli;

import dev.rewind.wiring.Integrations;
import dev.rewind.config.ConfigLoader;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.RewindConfig;
import dev.rewind.model.BadInputException;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rewind doctor}: before trusting Rewind with a rollback, prove that every outside system the config
 * names can be reached and accepts our credentials, with one cheap read each.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Checks that every configured integration (metrics, router, deployer, flags, gitops) is reachable and authorized.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every check passed (demo blocks are embedded and not checked)",
                "1:a system answered, but not as expected (no such backend, flag or deployment)",
                "2:bad config: the message names file, line and field",
                "3:a system could not be reached or refused the credentials"})
public final class DoctorCommand implements Callable<Integer> {
    static final String TOP_LEVEL = "metrics:";

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the config whose integrations to check")
    Path config;

    @Option(names = "--environment", paramLabel = "ENV", description = "check only this environment (and the metric source it uses)")
    String environment;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    private final TimeSource time;

    public DoctorCommand() {
        this(new SystemTimeSource());
    }

    public DoctorCommand(TimeSource time) {
        this.time = time;
    }

    @Override
    public Integer call() {
        RewindConfig cfg = new ConfigLoader(System::getenv).read(config).config();
        DoctorReport report = new DoctorReport(checks(cfg));
        var out = spec.commandLine().getOut();
        if (report.checks().isEmpty()) {
            out.println("nothing to check: " + config + " configures no integrations (add a metrics: block or environments:)");
        } else {
            out.println(format == Format.json ? report.json() : report.text());
        }
        out.flush();
        return report.exitCode();
    }

    List<DoctorCheck> checks(RewindConfig cfg) {
        // demo blocks are reported as embedded before anything is built, so this supplier is a guard only
        Integrations integrations = new Integrations(time, () -> {
            throw new BadInputException(config.toString(), 0, null, "the demo world runs only inside 'rewind demo' or 'rewind rollback'");
        });
        DoctorProbe probe = new DoctorProbe(integrations, time);
        Map<String, EnvironmentConfig> envs = selected(cfg);
        List<Callable<DoctorCheck>> checks = new ArrayList<>();
        boolean topLevelUsed = environment == null || envs.values().stream().anyMatch(e -> e.metrics() == null);
        if (cfg.metrics() != null && topLevelUsed) checks.add(() -> probe.metrics(TOP_LEVEL, cfg.metrics()));
        envs.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(e -> {
            if (e.metrics() != null) checks.add(() -> probe.metrics(e.name(), e.metrics()));
            if (e.router() != null) checks.add(() -> probe.router(e.name(), e.router()));
            if (e.deployer() != null) checks.add(() -> probe.deployer(e.name(), e.service(), e.deployer()));
            if (e.flags() != null) checks.add(() -> probe.flags(e.name(), e.featureFlag(), e.flags()));
            if (e.gitops() != null) {
                checks.add(() -> probe.gitopsApp(e));
                checks.add(() -> probe.gitopsRepository(e));
            }
            checks.add(() -> probe.plan(cfg, e));
        });
        return runTogether(checks);
    }

    /** Side by side, so one slow system (a client retrying with back-off) does not add its wait to every other check. */
    private static List<DoctorCheck> runTogether(List<Callable<DoctorCheck>> checks) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<DoctorCheck> out = new ArrayList<>();
            for (Future<DoctorCheck> f : pool.invokeAll(checks)) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking integrations", e);
        } catch (ExecutionException e) {
            // DoctorProbe turns every RuntimeException into a row; anything else is a bug worth its stack trace
            throw new IllegalStateException("a doctor check failed unexpectedly", e.getCause());
        }
    }

    private Map<String, EnvironmentConfig> selected(RewindConfig cfg) {
        if (environment == null) return cfg.environments();
        EnvironmentConfig env = cfg.environments().get(environment);
        if (env == null) {
            throw new BadInputException("--environment", 0, null, "no environment '" + environment + "' in " + config
                    + "; it has " + cfg.environments().keySet().stream().sorted().toList());
        }
        return Map.of(environment, env);
    }
}
