package dev.rewind.report.notify;

/**
 * Delivers one rendered message to one channel (Argo's service), once: retries, timeouts of the whole delivery,
 * queueing and records are the dispatcher's. Every failure is a {@link DeliveryFailure} whose message holds no secret.
 */
@FunctionalInterface
public interface Transport<M> {
    Receipt deliver(M message) throws DeliveryFailure;
}
