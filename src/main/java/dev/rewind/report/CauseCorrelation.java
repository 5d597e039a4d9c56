package dev.rewind.report;

import dev.rewind.model.Change;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names the deployed change that best explains the firing metrics: the one matching the most firing metrics,
 * then the highest score. A change's {@code touches} words weigh twice its summary's, and naming the metric
 * itself weighs most; ties go to the change listed first.
 * This is a lead for people, not a proof, and the text says why it was chosen.
 */
public final class CauseCorrelation {
    private static final int TOUCH_WEIGHT = 2;
    private static final int SUMMARY_WEIGHT = 1;
    private static final int METRIC_NAMED_WEIGHT = 3;

    /** The best match, or {@code change == null} when nothing in the release relates to the firing metrics. */
    public record ProbableCause(Change change, int score, List<String> matchedWords, List<String> matchedMetrics, String text) {
        public ProbableCause {
            matchedWords = List.copyOf(matchedWords);
            matchedMetrics = List.copyOf(matchedMetrics);
        }

        public boolean found() { return change != null; }
    }

    public ProbableCause correlate(List<Change> changes, List<Finding> findings) {
        List<Finding> measured = findings.stream().filter(f -> !f.trigger().equals("manual")).toList();
        ProbableCause best = null;
        for (Change c : changes) {
            ProbableCause candidate = score(c, measured);
            if (candidate.score() > 0 && (best == null || explainsMore(candidate, best))) best = candidate;
        }
        if (best != null) return best;
        return new ProbableCause(null, 0, List.of(), List.of(), noMatch(changes, findings));
    }

    /** One change that explains every symptom beats one that explains a single symptom strongly. */
    private static boolean explainsMore(ProbableCause a, ProbableCause b) {
        int byBreadth = Integer.compare(a.matchedMetrics().size(), b.matchedMetrics().size());
        return byBreadth != 0 ? byBreadth > 0 : a.score() > b.score();
    }

    private ProbableCause score(Change c, List<Finding> findings) {
        List<String> touchTokens = c.touches().stream().flatMap(t -> tokens(t).stream()).toList();
        List<String> summaryTokens = tokens(c.summary());
        Set<String> words = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        int score = 0;
        for (Finding f : findings) {
            String metric = MetricNames.canonical(f.metric());
            int before = score;
            if (c.touches().stream().anyMatch(t -> MetricNames.canonical(t.toLowerCase(Locale.ROOT)).equals(metric))) {
                score += METRIC_NAMED_WEIGHT;
                words.add(metric);
            }
            for (String w : MetricFamily.of(metric).words()) {
                touchTokens.stream().filter(t -> t.startsWith(w)).findFirst().ifPresent(words::add);
                summaryTokens.stream().filter(t -> t.startsWith(w)).findFirst().ifPresent(words::add);
                if (touchTokens.stream().anyMatch(t -> t.startsWith(w))) score += TOUCH_WEIGHT;
                else if (summaryTokens.stream().anyMatch(t -> t.startsWith(w))) score += SUMMARY_WEIGHT;
            }
            if (score > before) metrics.add(metric);
        }
        return new ProbableCause(c, score, List.copyOf(words), List.copyOf(metrics), describe(c, words, metrics, findings));
    }

    private static String describe(Change c, Set<String> words, Set<String> metrics, List<Finding> findings) {
        List<String> moves = new ArrayList<>();
        for (Finding f : findings) {
            if (!metrics.contains(MetricNames.canonical(f.metric()))) continue;
            Double d = f.deltaPercent();
            moves.add(MetricNames.canonical(f.metric()) + (d == null ? "" : " " + ReportNumbers.signedPercent(d)));
        }
        String families = metrics.stream().map(m -> MetricFamily.of(m).label()).distinct().reduce((a, b) -> a + ", " + b).orElse("");
        return c.kind() + " " + c.id() + " (\"" + c.summary() + "\") touches " + String.join(", ", words)
                + ", which fits the " + families + " regression (" + String.join(", ", moves) + ")";
    }

    private static String noMatch(List<Change> changes, List<Finding> findings) {
        List<String> metrics = findings.stream().map(f -> MetricNames.canonical(f.metric())).distinct().toList();
        if (metrics.isEmpty()) return "no matching change: no trigger fired, so there is nothing to correlate";
        if (metrics.equals(List.of("operator_command"))) {
            return "no matching change: rolled back by operator command (" + findings.getFirst().reason() + ")";
        }
        String what = changes.isEmpty() ? "the release lists no changes" : "none of its " + changes.size() + " changes touches what these metrics depend on";
        return "no matching change: no deployed change matches " + String.join(", ", metrics) + " (" + what
                + "); look outside the release: traffic, infrastructure, or a dependency";
    }

    /** Lower-case words; keeps "n+1" whole and splits paths like /api/v2/orders into their parts. */
    static List<String> tokens(String text) {
        if (text == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^a-z0-9+]+")) {
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }
}
