package dev.rewind.bench;


import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The per-run table and min/median/max lines that {@code rewind bench failover} prints (and BENCHMARKS.md quotes). */
final class FailoverTable {
    private FailoverTable() {
    }

    static String render(FailoverBenchmark.Scenario s, List<FailoverRun> runs) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%s: %d rps, %.0f%% failures after the fault, scrape %s%n", s.pipeline(), s.rps(),
                s.failureRate() * 100, s.scrape().toString().substring(2).toLowerCase(Locale.ROOT)));
        b.append("| run | fault -> traffic on blue (s) | failed requests | detection (s) | " + (s.mode() == FailoverBenchmark.Mode.SERVE ? "serve rollback" : "watch exit") + " | ended on blue |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            FailoverRun r = runs.get(i);
            b.append(String.format(Locale.ROOT, "| %d | %.2f | %d of %d | %.2f | %s | %s |%n", i + 1, r.restoredSeconds(), r.failedAfterFault(),
                    r.sentAfterFault(), r.detectedSeconds(), r.watchExit() == null ? "-" : r.watchExit(), r.endedOnBlue() ? "yes" : "NO"));
        }
        b.append(stats("fault -> traffic on blue (s)", runs, FailoverRun::restoredSeconds, "%.2f"));
        b.append(stats("failed requests", runs, r -> r.failedAfterFault(), "%.0f"));
        b.append(stats("detection (s)", runs, FailoverRun::detectedSeconds, "%.2f"));
        return b.toString();
    }

    private static String stats(String label, List<FailoverRun> runs, ToDoubleFunction<FailoverRun> f, String fmt) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format(Locale.ROOT, "%s: min " + fmt + ", median " + fmt + ", max " + fmt + "%n", label, v[0], median, v[v.length - 1]);
    }
}
