package dev.rewind.report.notify;

import java.util.Locale;

/** How one notification to one channel ended. */
public enum DeliveryStatus {
    /** the channel accepted it */
    DELIVERED,
    /** every attempt failed, or the failure was one that retrying cannot fix */
    FAILED,
    /** the channel's queue was full: not sent, so a slow channel cannot hold up the rollback */
    DROPPED,
    /** still queued or waiting to retry when the process shut down past its bound */
    ABANDONED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
