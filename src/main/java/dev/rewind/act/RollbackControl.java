package dev.rewind.act;

/**
 * Manual override while a rollback runs (seed 003: "ability to pause or abort"). Checked between steps:
 * a step in flight always finishes and is journaled.
 */
public final class RollbackControl {
    private volatile boolean paused;
    private volatile String abortReason;

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    public void abort(String reason) {
        abortReason = reason == null || reason.isBlank() ? "aborted by operator" : reason;
    }

    public boolean paused() {
        return paused;
    }

    public boolean aborted() {
        return abortReason != null;
    }

    public String abortReason() {
        return abortReason;
    }
}
