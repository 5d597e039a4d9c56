package dev.rewind.model;

/** A trigger's limit: a fixed number, or a multiple of the baseline. */
public sealed interface Threshold permits Threshold.Absolute, Threshold.RelativeToBaseline {

    /** The limit for this baseline value; null when it depends on a baseline we do not have. */
    Double resolve(Double baselineValue);

    String describe();

    record Absolute(double value) implements Threshold {
        public Absolute {
            if (!Double.isFinite(value)) throw new IllegalArgumentException("threshold must be finite, got " + value);
        }

        @Override
        public Double resolve(Double baselineValue) {
            return value;
        }

        @Override
        public String describe() {
            return Double.toString(value);
        }
    }

    /**
     * @param minimum the limit is never below this (null: no floor). A doubling of a near-zero baseline is a
     *                handful of events; "at least 1%" keeps such a rule from firing on noise (a minimum effect size).
     */
    record RelativeToBaseline(double multiplier, Double minimum) implements Threshold {
        public RelativeToBaseline {
            if (!(multiplier > 0) || Double.isInfinite(multiplier)) throw new IllegalArgumentException("multiplier must be finite and > 0, got " + multiplier);
            if (minimum != null && !Double.isFinite(minimum)) throw new IllegalArgumentException("minimum must be finite, got " + minimum);
        }

        public RelativeToBaseline(double multiplier) {
            this(multiplier, null);
        }

        @Override
        public Double resolve(Double baselineValue) {
            if (baselineValue == null) return null;
            double limit = baselineValue * multiplier;
            return minimum == null ? limit : Math.max(limit, minimum);
        }

        @Override
        public String describe() {
            return "baseline * " + multiplier + (minimum == null ? "" : ", at least " + minimum);
        }
    }
}
