package dev.rewind.model;

/** How a measured value is compared with its threshold. */
public enum Comparison {
    GREATER_THAN(">"), GREATER_OR_EQUAL(">="), LESS_THAN("<"), LESS_OR_EQUAL("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True when {@code value} is on the bad side of {@code threshold}. */
    public boolean breaches(double value, double threshold) {
        return switch (this) {
            case GREATER_THAN -> value > threshold;
            case GREATER_OR_EQUAL -> value >= threshold;
            case LESS_THAN -> value < threshold;
            case LESS_OR_EQUAL -> value <= threshold;
        };
    }
}
