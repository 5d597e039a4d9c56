package dev.rewind.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rewind bench watch}: many live releases watched by the engine {@code serve} runs, measured. By default it
 * runs in a child JVM with the heap limit under test ({@code -Xmx512m}) and the launcher's flags, so the CPU and
 * heap it reports are the engine's alone, not the parent's.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Many live releases watched as `serve` watches them (seed 001's triggers, an in-process metric source with",
                "realistic series, some releases failing at known instants): checks per second, CPU, heap, and the delay from a",
                "breach to the decision. Exit 0 when every failing release was decided and no healthy one rolled back."})
public final class WatchBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--releases", defaultValue = "10000", description = "live releases, each its own environment (default: ${DEFAULT-VALUE})") int releases;
    @Option(names = "--interval", defaultValue = "10s", description = "check interval (default: ${DEFAULT-VALUE})") String interval;
    @Option(names = "--duration", defaultValue = "120s", description = "measured time, after every watch has started (default: ${DEFAULT-VALUE})") String duration;
    @Option(names = "--resolution", defaultValue = "15s", description = "sample spacing of the metric source, as a Prometheus step (default: ${DEFAULT-VALUE})") String resolution;
    @Option(names = "--degrading", defaultValue = "0.01", description = "share of releases that fail during the measurement (default: ${DEFAULT-VALUE})") double degrading;
    @Option(names = "--min-rps", defaultValue = "20", description = "the quietest release's requests/s; the busiest has 500 (default: ${DEFAULT-VALUE})") double minRps;
    @Option(names = "--seed", defaultValue = "42", description = "noise and the choice of failing releases (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--heap", defaultValue = "512m", description = "the child JVM's -Xmx (default: ${DEFAULT-VALUE})") String heap;
    @Option(names = "--in-process", description = "run here instead of in a child JVM (the heap limit is then this JVM's own)") boolean inProcess;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (releases < 1 || releases > 200_000) throw new ParameterException(spec.commandLine(), "--releases: expected 1..200000");
        if (!(degrading >= 0 && degrading <= 1)) throw new ParameterException(spec.commandLine(), "--degrading: expected 0..1");
        if (!(minRps > 0 && minRps <= 500)) throw new ParameterException(spec.commandLine(), "--min-rps: expected more than 0, at most 500");
        if (!heap.matches("\\d{1,6}[mMgG]")) throw new ParameterException(spec.commandLine(), "--heap: expected a size such as 512m or 2g");
        Duration every = duration("--interval", interval), span = duration("--duration", duration), step = duration("--resolution", resolution);
        if (step.toMillis() < 1000) throw new ParameterException(spec.commandLine(), "--resolution: expected at least 1s");
        return inProcess ? runHere(every, span, step) : runChild();
    }

    private int runHere(Duration every, Duration span, Duration step) throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("rw-bench-watch-");
        WatchBenchmark.Settings settings = new WatchBenchmark.Settings(releases, every, span, step, degrading, minRps, seed, dir);
        out.printf(Locale.ROOT, "bench watch: %,d releases, seed 001's triggers, a check every %s, %s measured; heap limit %d MB; %d cores; Java %s%n",
                releases, text(every), text(span), Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        out.flush();
        WatchBenchmark.Result r = new WatchBenchmark(settings).run(line -> {
            out.println("  " + line);
            out.flush();
        });
        out.print(WatchReport.render(r));
        out.printf("store and reports in %s%n", dir);
        out.flush();
        return r.correct() ? 0 : 1;
    }

    /** The same command in a child JVM with the launcher's flags and the heap limit under test. */
    private int runChild() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx" + heap, "-Drewind.home=" + System.getProperty("rewind.home", "."),
                "-cp", System.getProperty("java.class.path"), "dev.rewind.cli.RewindCommand", "bench", "watch", "--in-process",
                "--releases", String.valueOf(releases), "--interval", interval, "--duration", duration, "--resolution", resolution,
                "--degrading", String.valueOf(degrading), "--min-rps", String.valueOf(minRps), "--seed", String.valueOf(seed)));
        Process child = new ProcessBuilder(cmd).inheritIO().start();
        try {
            return child.waitFor();
        } finally {
            if (child.isAlive()) child.destroy();
        }
    }

    private Duration duration(String option, String text) {
        if (!text.matches("\\d{1,6}(ms|s|m)")) throw new ParameterException(spec.commandLine(), option + ": expected a duration such as 10s, 2m or 500ms, found '" + text + "'");
        long n = Long.parseLong(text.replaceAll("\\D", ""));
        return text.endsWith("ms") ? Duration.ofMillis(n) : text.endsWith("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
    }

    static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
