package dev.rewind.act;

/**
 * Manual override while a rollback runs (seed 003: "ability to pause or abort"). Checked between steps:
 * a step in flight always finishes and is journaled.
 */
public final class RollbackControl {
    private volatile boolean paused;
    private volatile String abortReason;
    private volatile String stopReason;
    private volatile boolean holding;

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public void abort(String reason) {
        abortReason = reason == null || reason.isBlank() ? "aborted by operator" : reason;
    }

    /**
     * Stops between steps without ending the rollback (a server stopping hands it over): the executor journals where
     * it stopped and throws {@link RollbackStopped}; whoever resumes it carries on from there.
     */
    public void stop(String reason) {
        stopReason = reason == null || reason.isBlank() ? "stopped" : reason;
    }

    public boolean stopped() {
        return stopReason != null;
    }

    public String stopReason() {
        return stopReason;
    }

    public boolean paused() {
        return paused;
    }

    /** Set by the executor while it really waits between steps: until then a pause is only requested. */
    void holding(boolean holding) {
        this.holding = holding;
    }

    /**
     * What an operator should be told: {@code pausing} while the step in flight still runs after a pause was asked
     * for (it finishes and is journaled first), {@code paused} once no step runs, else {@code running}.
     */
    public String state() {
        if (!paused) return "running";
        return holding ? "paused" : "pausing";
    }

    public boolean aborted() {
        return abortReason != null;
    }

    public String abortReason() {
        return abortReason;
    }
}
