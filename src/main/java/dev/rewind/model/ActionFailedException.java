package dev.rewind.model;

/** An actuator tried and failed (a router refused a command, a rollout timed out). Exit 1. */
public final class ActionFailedException extends RewindException {
    public ActionFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public ActionFailedException(String message) {
        super(message, null);
    }

    @Override
    public int exitCode() { return 1; }
}
