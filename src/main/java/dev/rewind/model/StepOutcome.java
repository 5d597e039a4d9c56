package dev.rewind.model;

import java.util.Map;

/** How a step ended. Failure is a value, not an exception, so the journal and the report can show it. */
public sealed interface StepOutcome permits StepOutcome.Succeeded, StepOutcome.Failed, StepOutcome.Skipped {

    String status();

    String detail();

    /** @param data measured values worth keeping (normalization time, routes before/after, ...) */
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

    record Skipped(String detail) implements StepOutcome {
        public String status() { return "skipped"; }
    }
}
