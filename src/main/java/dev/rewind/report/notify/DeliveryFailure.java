package dev.rewind.report.notify;

/**
 * A delivery that did not go through. {@code retryable}: the same message may succeed later (a 5xx, a 429, a
 * timeout, a refused connection); a 4xx or a refused credential will not. The message must hold no secret:
 * transports build it from the endpoint's host ({@link Endpoint#describe}), never from the URL or a key.
 */
public final class DeliveryFailure extends Exception {
    private final boolean retryable;
    private final Integer httpStatus;

    public DeliveryFailure(boolean retryable, Integer httpStatus, String message) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    public Integer httpStatus() {
        return httpStatus;
    }
}
