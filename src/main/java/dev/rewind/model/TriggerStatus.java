package dev.rewind.model;

/**
 * The outcome of one trigger at one check. NO_DATA is first-class: a trigger with no samples in its
 * window neither fires nor counts as healthy (Argo Rollouts' "inconclusive").
 */
public enum TriggerStatus {
    /** condition holds and has held long enough: a finding. */
    FIRING,
    /** condition holds but its hold time ({@code for}) has not passed yet. */
    PENDING,
    HEALTHY,
    NO_DATA
}
