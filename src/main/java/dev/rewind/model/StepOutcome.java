package dev.rewind.model;

import java.util.Map;

/**
 * How a step ended. Failure is a value, not an exception, so the journal and the report can show it.
 * {@link Inconclusive} is Argo Rollouts' "inconclusive": the step ran but could not tell (a verification
 * whose metric source was down or had no data is blind, not failed).
 */
public sealed interface StepOutcome permits StepOutcome.Succeeded, StepOutcome.Failed, StepOutcome.Inconclusive, StepOutcome.Skipped {

    String status();

    String detail();

    /** Measured values worth keeping (normalization time, routes before/after, ...); empty for a skipped step. */
    Map<String, Object> data();

    record Succeeded(String detail, Map<String, Object> data) implements StepOutcome {
        public Succeeded { data = data == null ? Map.of() : Map.copyOf(data); }
        public Succeeded(String detail) { this(detail, Map.of()); }
        public String status() { return "success"; }
    }

    record Failed(String detail, Map<String, Object> data) implements StepOutcome {
        public Failed { data = data == null ? Map.of() : Map.copyOf(data); }
        public Failed(String detail) { this(detail, Map.of()); }
        public String status() { return "failed"; }
    }

    record Inconclusive(String detail, Map<String, Object> data) implements StepOutcome {
        public Inconclusive { data = data == null ? Map.of() : Map.copyOf(data); }
        public String status() { return "inconclusive"; }
    }

    record Skipped(String detail) implements StepOutcome {
        public String status() { return "skipped"; }
        public Map<String, Object> data() { return Map.of(); }
    }
}
