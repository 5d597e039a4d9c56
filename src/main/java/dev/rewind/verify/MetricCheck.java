package dev.rewind.verify;

/**
 * One metric at one check after a rollback.
 *
 * @param current the mean over the check window, null when the window had no samples (or the source could not be read)
 * @param limit   the worst value still accepted (baseline ± tolerance), before any statistical allowance
 */
public record MetricCheck(String metric, double baseline, Double current, double limit, boolean normal, String reason) {

    /** No value to judge: the window was empty or the source could not be read. Neither normal nor off. */
    public boolean blind() {
        return current == null;
    }
}
