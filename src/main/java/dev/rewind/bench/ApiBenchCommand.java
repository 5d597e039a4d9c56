package dev.rewind.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rewind bench api}: many concurrent clients registering releases and reading them through the REST API. */
@Command(name = "api", mixinStandardHelpOptions = true,
        description = {"Concurrent API clients against a real server on loopback: each registers releases and reads the release list",
                "until the time is up; then every acknowledged registration is looked up in the store.",
                "Exit 0 when no call failed and no registration was lost."})
public final class ApiBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--clients", defaultValue = "200", description = "concurrent clients, each with its own environment (default: ${DEFAULT-VALUE})") int clients;
    @Option(names = "--duration", defaultValue = "60s", description = "how long the clients run (default: ${DEFAULT-VALUE})") String duration;
    @Option(names = "--store", paramLabel = "FILE|URL", description = "a SQLite file or a jdbc:postgresql:// URL (default: a fresh SQLite file in a temp folder)") String store;
    @Option(names = "--seed", defaultValue = "42", description = "the metric source's noise (default: ${DEFAULT-VALUE})") long seed;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (clients < 1 || clients > 10_000) throw new ParameterException(spec.commandLine(), "--clients: expected 1..10000");
        if (!duration.matches("\\d{1,6}(ms|s|m)")) throw new ParameterException(spec.commandLine(), "--duration: expected a duration such as 60s or 2m");
        long n = Long.parseLong(duration.replaceAll("\\D", ""));
        Duration span = duration.endsWith("ms") ? Duration.ofMillis(n) : duration.endsWith("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
        if (span.toMillis() < 100) throw new ParameterException(spec.commandLine(), "--duration: at least 100ms");
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("rw-bench-api-");
        ApiLoadBenchmark.Result r = new ApiLoadBenchmark(new ApiLoadBenchmark.Settings(clients, span, store, seed, dir)).run(line -> {
            out.println("  " + line);
            out.flush();
        });
        out.printf(Locale.ROOT, "requests:       %,d in %.1f s = %,.1f/s (%d clients)%n", r.requests(), r.seconds(), r.requests() / r.seconds(), clients);
        line(out, "registrations", r.registrations(), r.seconds());
        line(out, "reads", r.reads(), r.seconds());
        out.printf(Locale.ROOT, "stored:         %,d of %,d acknowledged registrations are in the store (%s); lost: %d%n",
                r.acknowledged() - r.lost(), r.acknowledged(), r.store(), r.lost());
        out.printf(Locale.ROOT, "in the store:   %,d releases of the clients (counted there after the run; more than acknowledged means a%n"
                + "                registration was stored though its client saw an error)%n", r.stored());
        r.errorSamples().forEach(e -> out.println("  error: " + e));
        out.println(r.clean() ? "no errors, no lost registrations" : "FAILED: errors or lost registrations");
        out.flush();
        return r.clean() ? 0 : 1;
    }

    private static void line(PrintWriter out, String what, ApiLoadBenchmark.Calls c, double seconds) {
        out.printf(Locale.ROOT, "%-15s %,d = %,.1f/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; errors %d%n", what + ":", c.count(),
                c.count() / seconds, c.p50Ms(), c.p99Ms(), c.maxMs(), c.errors());
    }
}
