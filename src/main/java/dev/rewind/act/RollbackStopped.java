package dev.rewind.act;

/**
 * A rollback stopped between steps without ending: its server is stopping, and another replica (or the server's
 * next start) resumes it from the journal. Unlike an abort, nothing is concluded: the history row stays open.
 */
public final class RollbackStopped extends RuntimeException {
    public RollbackStopped(String message) {
        super(message);
    }
}
