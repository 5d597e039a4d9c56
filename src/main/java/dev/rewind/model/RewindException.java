package dev.rewind.model;

/**
 * An expected failure with its documented exit code (DESIGN.md §3.1): 1 the rollback or check failed,
 * 2 bad usage or input, 3 an outside system could not be reached.
 */
public abstract sealed class RewindException extends RuntimeException
        permits BadInputException, UnreachableException, ActionFailedException, ConflictException, NotFoundException {

    protected RewindException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract int exitCode();
}
