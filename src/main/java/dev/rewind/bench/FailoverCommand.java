package dev.rewind.bench;

import dev.rewind.time.SystemTimeSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rewind bench failover}: fault to restored traffic on a real HAProxy + Prometheus, with Rewind
 * or with the alert-rule pipeline it is compared with. Needs the Debian packages haproxy, prometheus
 * and (for the comparison) prometheus-alertmanager.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Blue-green failover on a real HAProxy and Prometheus: time from a fault in the new version to traffic back",
                "on the old one, and the failed requests in between. Exit 0 when every run ended with traffic on blue."})
public final class FailoverCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--runs", defaultValue = "3", description = "runs (default: ${DEFAULT-VALUE})") int runs;
    @Option(names = "--rps", defaultValue = "50", description = "requests per second through HAProxy (default: ${DEFAULT-VALUE})") int rps;
    @Option(names = "--failure-rate", defaultValue = "0.3", description = "share of green's requests that fail after the fault (default: ${DEFAULT-VALUE})") double failureRate;
    @Option(names = "--scrape", defaultValue = "2s", description = "Prometheus scrape and rule evaluation interval (default: ${DEFAULT-VALUE})") String scrape;
    @Option(names = "--pipeline", defaultValue = "rewind", description = "rewind, alertmanager (tuned: 20s rate, for 10s, group_wait 0) or alertmanager-common (1m, 1m, 30s)") String pipeline;
    @Option(names = "--mode", defaultValue = "watch", description = "how Rewind watches: watch (a `rewind watch` started at the deploy) or serve "
            + "(a running `rewind serve`, the release registered through its API at the deploy); default: ${DEFAULT-VALUE}") String mode;
    @Option(names = "--baseline-seconds", defaultValue = "20", description = "blue alone before the deploy (default: ${DEFAULT-VALUE})") int baselineSeconds;
    @Option(names = "--healthy-seconds", defaultValue = "12", description = "healthy green before the fault (default: ${DEFAULT-VALUE})") int healthySeconds;
    @Option(names = "--home", description = "the Rewind checkout (examples/, target/rewind.jar); default: -Drewind.home or the current folder") Path home;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (runs < 1 || rps < 1 || !(failureRate > 0 && failureRate <= 1)) {
            throw new ParameterException(spec.commandLine(), "--runs and --rps must be at least 1, --failure-rate in (0, 1]");
        }
        Path root = home != null ? home : Path.of(System.getProperty("rewind.home", "."));
        FailoverBenchmark.Scenario scenario = new FailoverBenchmark.Scenario(rps, failureRate, duration(scrape),
                Duration.ofSeconds(baselineSeconds), Duration.ofSeconds(healthySeconds), settings(), Duration.ofSeconds(pipeline.equals("rewind") ? 60 : 240), mode());
        PrintWriter out = spec.commandLine().getOut();
        String example = Files.readString(root.resolve("examples/haproxy-prometheus.yaml"));
        RewindChild.Launcher launcher = RewindChild.Launcher.jar(RewindJar.fresh(root, line -> progress(out, line)));
        List<FailoverRun> done = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            int n = i;
            FailoverBenchmark.Outcome o = new FailoverBenchmark(scenario, launcher, example, new SystemTimeSource(),
                    line -> progress(out, "run " + n + ": " + line)).run();
            done.add(o.run());
            progress(out, "run " + n + ": files in " + o.dir());
        }
        out.println(FailoverTable.render(scenario, done));
        out.flush();
        return done.stream().allMatch(FailoverRun::endedOnBlue) ? 0 : 1;
    }

    private AlertPipeline.Settings settings() {
        return switch (pipeline) {
            case "rewind" -> null;
            case "alertmanager" -> AlertPipeline.Settings.TUNED;
            case "alertmanager-common" -> AlertPipeline.Settings.COMMON;
            default -> throw new ParameterException(spec.commandLine(), "--pipeline: expected rewind, alertmanager or alertmanager-common, found '" + pipeline + "'");
        };
    }

    private FailoverBenchmark.Mode mode() {
        return switch (mode) {
            case "watch" -> FailoverBenchmark.Mode.WATCH;
            case "serve" -> FailoverBenchmark.Mode.SERVE;
            default -> throw new ParameterException(spec.commandLine(), "--mode: expected watch or serve, found '" + mode + "'");
        };
    }

    private Duration duration(String text) {
        if (!text.matches("\\d+(ms|s)")) throw new ParameterException(spec.commandLine(), "--scrape: expected a duration such as 2s or 500ms, found '" + text + "'");
        return text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.replace("ms", ""))) : Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
    }

    private static void progress(PrintWriter out, String line) {
        out.println("  " + line);
        out.flush();
    }
}
