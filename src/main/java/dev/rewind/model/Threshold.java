package dev.rewind.model;

/** A trigger's limit: a fixed number, or a multiple of the baseline. */
public sealed interface Threshold permits Threshold.Absolute, Threshold.RelativeToBaseline {

    /** The limit for this baseline value; null when it depends on a baseline we do not have. */
    Double resolve(Double baselineValue);

    String describe();

    record Absolute(double value) implements Threshold {
        @Override
        public Double resolve(Double baselineValue) {
            return value;
        }

        @Override
        public String describe() {
            return Double.toString(value);
        }
    }

    record RelativeToBaseline(double multiplier) implements Threshold {
        public RelativeToBaseline {
            if (!(multiplier > 0)) throw new IllegalArgumentException("multiplier must be > 0, got " + multiplier);
        }

        @Override
        public Double resolve(Double baselineValue) {
            return baselineValue == null ? null : baselineValue * multiplier;
        }

        @Override
        public String describe() {
            return "baseline * " + multiplier;
        }
    }
}
