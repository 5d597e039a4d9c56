package dev.rewind.bench;

import java.util.Locale;

/** {@code bench watch}'s figures as the lines it prints. */
final class WatchReport {
    private WatchReport() {
    }

    static String render(WatchBenchmark.Result r) {
        var s = r.settings();
        double expected = s.releases() * 1000.0 / s.interval().toMillis();
        StringBuilder b = new StringBuilder();
        line(b, "registered:     %,d releases in %.1f s; every watch started %.1f s later", s.releases(), r.registerSeconds(), r.startSeconds());
        line(b, "checks:         %,d in %.1f s = %,.1f/s (%,.1f/s expected: releases / interval)", r.checks(), r.measuredSeconds(),
                r.checksPerSecond(), expected);
        line(b, "metric reads:   %,d = %,.1f/s, %,.1f releases per read; %,d of them for one release alone", r.reads(),
                r.reads() / r.measuredSeconds(), r.reads() == 0 ? 0.0 : r.checks() * (double) r.metricsPerCheck() / r.reads(), r.singleReads());
        line(b, "CPU:            %.1f s in %.1f s = %.2f cores (%.0f%% of one core), %.1f us per check", r.cpuSeconds(), r.measuredSeconds(),
                r.cores(), 100 * r.cores(), r.checks() == 0 ? 0.0 : r.cpuSeconds() * 1e6 / r.checks());
        line(b, "heap:           %,d MB peak used, %,d MB live after a full GC, limit %,d MB; %d GCs taking %.2f s (%.1f%% of the time)",
                r.peakHeapBytes() >> 20, r.liveHeapBytes() >> 20, r.maxHeapBytes() >> 20, r.gcCount(), r.gcSeconds(),
                100 * r.gcSeconds() / r.measuredSeconds());
        line(b, "check lag:      p50 %.0f ms, p99 %.0f ms, max %.0f ms (from when a check was due to when it read its metrics)",
                r.lagMs().p50(), r.lagMs().p99(), r.lagMs().max());
        line(b, "breach->decide: p50 %.2f s, p99 %.2f s, max %.2f s over %d failing releases; %d of %d decided",
                r.delaySeconds().p50(), r.delaySeconds().p99(), r.delaySeconds().max(), r.delaySeconds().count(), r.decided(), r.degraded());
        line(b, "false rollbacks: %d%s; still watching at the end: %,d", r.falseRollbacks().size(),
                r.falseRollbacks().isEmpty() ? "" : " " + r.falseRollbacks().subList(0, Math.min(10, r.falseRollbacks().size())), r.watchingAtEnd());
        return b.toString();
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
