package dev.rewind.bench;

import dev.rewind.config.ConfigLoader;
import dev.rewind.model.BadInputException;
import dev.rewind.replay.DetectionCurves;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench sequential --curves DIR}: detection-time curves of the sequential test and of the fixed-window rules,
 * for errors x1.5, x2 and x5 at 5, 50 and 500 requests/s (and how often each rolls back a healthy release), from
 * seeded simulations at scrape resolution; a Markdown table on stdout and one SVG per regression in DIR.
 */
final class CurvesRun {
    static final double[] RATES = {5, 50, 500};
    static final double[] EFFECTS = {1, 1.5, 2, 5};
    static final Duration STEP = Duration.ofSeconds(2), HISTORY = Duration.ofHours(6);

    private final PrintWriter out;
    private final Path dir;
    private final int releases;
    private final Duration watch;
    private final long seed;

    CurvesRun(PrintWriter out, Path dir, int releases, Duration watch, long seed) {
        this.out = out;
        this.dir = dir;
        this.releases = releases;
        this.watch = watch;
        this.seed = seed;
    }

    void run() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), 0, null, "cannot create the directory for the plots: " + e.getMessage());
        }
        DetectionCurves curves = new DetectionCurves(0.004, HISTORY, watch, STEP, releases, seed);
        List<DetectionCurves.Method> methods = DetectionCurves.methods(ConfigLoader.defaults().policy(), STEP);
        out.printf(Locale.ROOT, "Detection time: %d releases per cell, 0.4%% of requests fail before the deploy, constant traffic, a sample and a check every %d s, "
                + "%d h of history, %d min watched, seed %d%n%n", releases, STEP.toSeconds(), HISTORY.toHours(), watch.toMinutes(), seed);
        out.println("| requests/s | errors after the deploy | method | rolled back | median time | 90th percentile |");
        out.println("|---|---|---|---|---|---|");
        long started = System.nanoTime();
        List<List<List<DetectionCurves.Curve>>> byEffect = new ArrayList<>(); // effect -> rate -> method
        for (double effect : EFFECTS) {
            List<List<DetectionCurves.Curve>> panels = new ArrayList<>();
            for (double rate : RATES) {
                List<DetectionCurves.Curve> cell = curves.run(methods, rate, effect);
                panels.add(cell);
                for (DetectionCurves.Curve c : cell) row(c);
                out.flush();
            }
            byEffect.add(panels);
        }
        for (int e = 0; e < EFFECTS.length; e++) {
            if (EFFECTS[e] == 1) continue;
            String name = "detection-x" + CurvePlot.trim(EFFECTS[e]).replace('.', '_') + ".svg";
            String title = "Errors x" + CurvePlot.trim(EFFECTS[e]) + " after the deploy: share of " + releases + " releases rolled back, by time since the deploy";
            write(dir.resolve(name), CurvePlot.svg(title, byEffect.get(e), byEffect.get(0), watch));
            out.printf(Locale.ROOT, "%nwrote %s", dir.resolve(name));
        }
        out.printf(Locale.ROOT, "%n%n%d replays in %.1f s (wall clock, this machine)%n", EFFECTS.length * RATES.length * methods.size() * releases,
                (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    private void row(DetectionCurves.Curve c) {
        String what = c.effect() == 1 ? "none (healthy)" : "x" + CurvePlot.trim(c.effect());
        int n = c.times().size();
        out.printf(Locale.ROOT, "| %s | %s | %s | %d of %d | %s | %s |%n", CurvePlot.trim(c.requestsPerSecond()), what, c.method().name(),
                c.caught(), n, time(c.quantile(0.5)), time(c.quantile(0.9)));
    }

    private String time(Duration d) {
        if (d == null) return "not within " + watch.toMinutes() + " min";
        long s = d.toSeconds();
        return s < 120 ? s + " s" : String.format(Locale.ROOT, "%.1f min", s / 60.0);
    }

    private static void write(Path file, String svg) {
        try {
            Files.writeString(file, svg);
        } catch (IOException e) {
            throw new BadInputException(file.toString(), 0, null, "cannot write the plot: " + e.getMessage());
        }
    }
}
