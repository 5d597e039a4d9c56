package dev.rewind.demo;

import dev.rewind.model.TriggerEvaluation;
import dev.rewind.model.TriggerStatus;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One check as a line: "error_rate 0.00 (≤ 0.00) ✔ | latency 41.2 (≤ 63.1) ✔ | memory — no data". */
final class CheckLine {
    private CheckLine() {
    }

    static String of(List<TriggerEvaluation> evaluations) {
        return evaluations.stream().map(CheckLine::one).collect(Collectors.joining(" | "));
    }

    private static String one(TriggerEvaluation e) {
        String name = e.trigger().name();
        if (e.status() == TriggerStatus.NO_DATA) return name + " — no data";
        String mark = switch (e.status()) {
            case FIRING -> "✘";
            case PENDING -> "…";
            default -> "✔";
        };
        return String.format(Locale.ROOT, "%s %s (%s %s) %s", name, num(e.current()), e.trigger().comparison().symbol(), num(e.threshold()), mark);
    }

    private static String num(Double v) {
        if (v == null) return "?";
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
