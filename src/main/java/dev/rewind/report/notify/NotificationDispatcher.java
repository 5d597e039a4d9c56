package dev.rewind.report.notify;

import dev.rewind.model.Alert;
import dev.rewind.report.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The {@link Notifier} that tells people through their channels without ever making the rollback wait:
 * {@link #notify} only queues (per channel, bounded) and returns. Each channel delivers on its own thread,
 * retries with backoff, and records every outcome in the {@link DeliveryLog}. {@link #close(Duration)} waits
 * at most its bound for what is queued, then records the rest as abandoned.
 */
public final class NotificationDispatcher implements Notifier, AutoCloseable {
    /** How long {@link #close()} waits for queued deliveries before giving up on them. */
    public static final Duration DEFAULT_CLOSE_BOUND = Duration.ofSeconds(30);

    private final List<ChannelLane> lanes;

    public NotificationDispatcher(List<Subscription> subscriptions, DeliveryLog log, Clock clock, Pause pause) {
        this.lanes = subscriptions.stream().map(s -> new ChannelLane(s, log, clock, pause)).toList();
    }

    public NotificationDispatcher(List<Subscription> subscriptions, DeliveryLog log) {
        this(subscriptions, log, Clock.systemUTC(), Pause.WALL_CLOCK);
    }

    @Override
    public void notify(Alert alert) {
        // masked here too, whoever calls: an alert that skipped CompositeNotifier must not reach a channel in clear
        Notification n = Notification.of(dev.rewind.report.CompositeNotifier.redacted(alert));
        for (ChannelLane lane : lanes) {
            if (lane.wants(n.event())) lane.offer(n);
        }
    }

    /** Waits until every queued notification was delivered, failed or dropped, at most {@code bound}. */
    public boolean flush(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            for (ChannelLane lane : lanes) {
                if (!lane.awaitIdle(deadline)) return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Flushes for at most {@code bound}, then stops every channel; returns whether everything was dealt with in time. */
    public boolean close(Duration bound) {
        boolean flushed = flush(bound);
        lanes.forEach(ChannelLane::close);
        return flushed;
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_BOUND);
    }

    public int channels() {
        return lanes.size();
    }
}
