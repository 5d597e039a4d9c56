package dev.rewind.report;

import dev.rewind.model.Evidence;
import dev.rewind.model.Finding;
import dev.rewind.model.MetricNames;

import java.util.Map;

/** How reports say what a sequential test found: its statistic, the counts behind it, and how long it took. */
final class SequentialText {
    private SequentialText() {
    }

    /** "anytime p 0.004 <= alpha 0.05, e-value 250 (or 3.2e14: see {@link Evidence#eText}); 34 errors in 412 requests vs 3 in 1,530 (baseline); decided 3.9 s after the deploy". */
    static String summary(Finding f) {
        Evidence e = f.evidence();
        return e.verdict() + ", e-value " + Evidence.eText(e.eValue()) + "; " + ReportNumbers.text(e.events()) + " events in " + ReportNumbers.text(e.exposure())
                + " " + e.exposureUnit() + " vs " + ReportNumbers.text(e.referenceEvents()) + " in " + ReportNumbers.text(e.referenceExposure())
                + " (" + e.reference() + ")" + (e.tolerance() > 0 ? ", tolerance " + ReportNumbers.text(e.tolerance() * 100) + "%" : "")
                + "; decided " + ReportNumbers.text(e.elapsed().toMillis() / 1000.0) + " s after the deploy";
    }

    /** Seed 000's metrics_at_detection, for a test: the rates per request (or second) and the test's numbers. */
    static void metrics(Finding f, Map<String, Object> out) {
        Evidence e = f.evidence();
        String m = MetricNames.canonical(f.metric());
        String per = "_per_" + ("seconds".equals(e.exposureUnit()) ? "second" : "request");
        out.putIfAbsent(m + per, ReportNumbers.round(f.current()));
        if (f.baseline() != null) out.putIfAbsent("baseline_" + m + per, ReportNumbers.round(f.baseline()));
        out.putIfAbsent("e_value_" + m, ReportNumbers.round(e.eValue()));
        out.putIfAbsent("p_value_" + m, ReportNumbers.round(e.pValue()));
        out.putIfAbsent("alpha_" + m, e.alpha());
        out.putIfAbsent("events_" + m, ReportNumbers.round(e.events()));
        out.putIfAbsent("exposure_" + m, ReportNumbers.round(e.exposure()));
        out.putIfAbsent("decided_after_sec_" + m, ReportNumbers.round(e.elapsed().toMillis() / 1000.0));
    }
}
