package dev.rewind.bench;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.replay.RecordedTraffic;
import dev.rewind.replay.ReleaseEvaluation;
import org.hipparchus.distribution.discrete.BinomialDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code rewind bench sequential}: simulated releases replayed with the default rules (sequential tests where the counts
 * are there) and with the seeds' window rules alone, at 15, 150 and 1,500 requests per minute with 0.4% errors: how
 * many healthy releases are rolled back, how many regressions of x1.5, x2 and x5 are caught, and how soon.
 */
@Command(name = "sequential", mixinStandardHelpOptions = true,
        description = "False-rollback rate and detection power of the default rules on simulated releases (sequential tests vs window rules).")
public final class SequentialCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--releases", defaultValue = "30", description = "releases per regression scenario (default: ${DEFAULT-VALUE})")
    int releases;

    @Option(names = "--healthy", defaultValue = "1000", description = "healthy releases per traffic level and shape (default: ${DEFAULT-VALUE})")
    int healthy;

    @Option(names = "--watch-minutes", defaultValue = "90", description = "how long each release is watched (default: ${DEFAULT-VALUE})")
    int watchMinutes;

    @Option(names = "--history-hours", defaultValue = "24", description = "previous release's history before each deploy (default: ${DEFAULT-VALUE})")
    int historyHours;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the simulations; the same seed gives the same figures (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--shapes", split = ",", defaultValue = "constant,daily,growth", description = "traffic shapes for the healthy releases (default: ${DEFAULT-VALUE})")
    List<String> shapes;

    @Option(names = "--nab", defaultValue = "../shared/data/nab", description = "directory of the NAB traces whose curves drive more healthy releases; skipped when missing (default: ${DEFAULT-VALUE})")
    Path nab;

    @Option(names = "--nab-releases", defaultValue = "120", description = "healthy releases per NAB trace and traffic level (default: ${DEFAULT-VALUE})")
    int nabReleases;

    @Option(names = "--curves", description = "instead of the table: detection-time curves at 5, 50 and 500 requests/s with 2 s scrapes, "
            + "sequential test vs fixed-window rules; writes one SVG per regression into this directory")
    Path curvesDir;

    @Option(names = "--curve-releases", defaultValue = "30", description = "releases per traffic level and regression for --curves (default: ${DEFAULT-VALUE})")
    int curveReleases;

    @Override
    public void run() {
        if (curvesDir != null) {
            if (curveReleases < 1 || curveReleases > 10_000) throw new ParameterException(spec.commandLine(), "--curve-releases must be from 1 to 10000");
            if (watchMinutes < 1 || watchMinutes > 1440) throw new ParameterException(spec.commandLine(), "--watch-minutes must be 1 to 1440");
            new CurvesRun(spec.commandLine().getOut(), curvesDir, curveReleases, Duration.ofMinutes(watchMinutes), seed).run();
            return;
        }
        if (releases < 1 || releases > 100_000 || healthy < 0 || healthy > 100_000) throw new ParameterException(spec.commandLine(), "--releases and --healthy must be from 1 (0 for --healthy) to 100000");
        if (nabReleases < 0 || nabReleases > 100_000) throw new ParameterException(spec.commandLine(), "--nab-releases must be from 0 to 100000");
        if (watchMinutes < 1 || watchMinutes > 1440 || historyHours < 1 || historyHours > 168) throw new ParameterException(spec.commandLine(), "--watch-minutes must be 1 to 1440, --history-hours 1 to 168");
        for (String s : shapes) if (!ReleaseEvaluation.SHAPES.contains(s)) throw new ParameterException(spec.commandLine(), "--shapes: expected some of " + ReleaseEvaluation.SHAPES + ", found '" + s + "'");
        PrintWriter out = spec.commandLine().getOut();
        RollbackPolicy defaults = ConfigLoader.defaults().policy();
        RollbackPolicy windows = ReleaseEvaluation.windowRulesOnly(defaults);
        double alpha = defaults.triggers().stream().filter(t -> t.detection().sequential()).mapToDouble(t -> t.detection().alpha()).max().orElse(0);
        List<RecordedTraffic> curves = nabReleases > 0 && Files.isDirectory(nab) ? NabTraces.read(nab) : List.of();
        Duration release = Duration.ofHours(historyHours).plusMinutes(watchMinutes);
        for (RecordedTraffic c : curves) {
            Duration covers = c.step().multipliedBy(c.values().length - 1);
            if (covers.compareTo(release) < 0) throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "the NAB trace '%s' in %s covers %d min, shorter than one release's history and watch (%d min): lower --history-hours or give --nab-releases 0",
                    c.name(), nab, covers.toMinutes(), release.toMinutes()));
        }
        out.printf(Locale.ROOT, "Simulated releases: 0.4%% of requests fail before the deploy, %d min watched, %d h of history, 1-minute samples, seed %d; alpha %s%n%n",
                watchMinutes, historyHours, seed, alpha);
        out.println("| traffic (req/min) | shape | release | releases | default rules: rolled back | median decision | window rules only: rolled back | median decision | default rules: first fired |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        long started = System.nanoTime();
        int replays = 0, nabHealthy = 0, nabRolledBack = 0;
        for (double rpm : new double[] {15, 150, 1500}) {
            for (String shape : shapes) {
                if (healthy == 0) break;
                ReleaseEvaluation e = evaluation(shape, rpm, 1, healthy);
                row(out, e, "healthy", e.run(defaults), e.run(windows));
                replays += 2 * healthy;
            }
            for (RecordedTraffic curve : curves) {
                ReleaseEvaluation e = ReleaseEvaluation.recorded(curve, rpm, 0.004, 1, nabReleases, Duration.ofHours(historyHours), Duration.ofMinutes(watchMinutes),
                        seed * 31 + (long) (rpm * 10) + curve.name().hashCode());
                ReleaseEvaluation.Outcome seq = e.run(defaults);
                row(out, e, "healthy", seq, e.run(windows));
                nabHealthy += nabReleases;
                nabRolledBack += seq.rolledBack();
                replays += 2 * nabReleases;
            }
            for (double effect : new double[] {1.5, 2, 5}) {
                ReleaseEvaluation e = evaluation("constant", rpm, effect, releases);
                row(out, e, "x" + trim(effect) + " errors", e.run(defaults), e.run(windows));
                replays += 2 * releases;
            }
            out.flush();
        }
        if (curves.isEmpty() && nabReleases > 0) out.printf(Locale.ROOT, "%nNAB traces not found in %s: their rows are left out%n", nab);
        if (nabHealthy > 0) {
            int bound = new BinomialDistribution(nabHealthy, alpha).inverseCumulativeProbability(0.999);
            out.printf(Locale.ROOT, "%nNAB traffic: %d of %d healthy releases rolled back by the default rules (%.1f%%; alpha %s; at a true rate of alpha, more than %d would happen with chance under 0.1%%)%n",
                    nabRolledBack, nabHealthy, 100.0 * nabRolledBack / nabHealthy, alpha, bound);
        }
        out.printf(Locale.ROOT, "%n%d replays in %.1f s (wall clock, this machine)%n", replays, (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    private ReleaseEvaluation evaluation(String shape, double rpm, double effect, int n) {
        return new ReleaseEvaluation(shape, rpm, 0.004, effect, n, Duration.ofHours(historyHours), Duration.ofMinutes(watchMinutes), Duration.ofMinutes(1),
                seed * 31 + (long) (rpm * 10) + (long) (effect * 1000) + shape.hashCode());
    }

    private static void row(PrintWriter out, ReleaseEvaluation e, String what, ReleaseEvaluation.Outcome seq, ReleaseEvaluation.Outcome win) {
        out.printf(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s | %s |%n", trim(e.requestsPerMinute()), e.trafficLabel(), what, e.releases(),
                count(seq), minutes(seq.medianTime()), count(win), minutes(win.medianTime()), seq.firstBy().isEmpty() ? "-" : seq.firstBy());
    }

    private static String count(ReleaseEvaluation.Outcome o) {
        return String.format(Locale.ROOT, "%d (%.1f%%)", o.rolledBack(), 100.0 * o.rate());
    }

    private static String minutes(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f min", d.toMillis() / 60_000.0);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
