package dev.rewind.model;

/**
 * The request is well formed but the thing it acts on is not in a state that allows it: approving a rollback that
 * is not waiting for approval, a second rollback of a service while one runs. HTTP 409; exit 2 from the command line.
 */
public final class ConflictException extends RewindException {
    public ConflictException(String message) {
        super(message, null);
    }

    @Override
    public int exitCode() { return 2; }
}
