package dev.rewind.verify;

/**
 * How error and failure rates are written. Seed 001 and the replay contract use percent (0.5 = 0.5%), seed 004
 * fractions (0.01 = 1%); values alone cannot tell 0.5% from 50%, so the caller says which.
 */
public enum RateUnit {
    FRACTION(1.0), PERCENT(100.0);

    private final double perOne;

    RateUnit(double perOne) {
        this.perOne = perOne;
    }

    /** The value as a probability in 0..1. */
    public double toProbability(double value) {
        return Math.min(1.0, Math.max(0.0, value / perOne));
    }

    public double fromProbability(double p) {
        return p * perOne;
    }
}
