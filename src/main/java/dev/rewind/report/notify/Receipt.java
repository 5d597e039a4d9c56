package dev.rewind.report.notify;

/**
 * What the receiving end answered to a delivery.
 *
 * @param httpStatus the HTTP status, or null for a channel that is not HTTP (SMTP)
 * @param detail     what was made, for the record ("issue #12"), never a secret
 */
public record Receipt(Integer httpStatus, String detail) {
}
