package dev.rewind.report.notify;

import dev.rewind.model.AlertEvent;
import java.time.Instant;

/**
 * One notification's delivery to one channel, as it ended. Text in it has had the channel's secrets masked.
 *
 * @param attempts   requests made (0 when it never left: dropped, or not renderable)
 * @param httpStatus the last HTTP status, or null (not HTTP, or no answer)
 * @param detail     what the channel made ("issue #12") or why it failed
 */
public record DeliveryRecord(String channel, String type, AlertEvent event, String notificationId, String rollbackId,
                             DeliveryStatus status, int attempts, Integer httpStatus, String detail, Instant queuedAt, Instant at) {
}
