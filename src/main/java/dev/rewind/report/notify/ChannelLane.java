package dev.rewind.report.notify;

import dev.rewind.model.AlertEvent;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One channel's own bounded queue and delivery thread (a bulkhead): a hung or slow channel fills its own queue
 * and drops its own notifications, never another channel's and never the caller's time. Deliveries to one channel
 * keep their order (PagerDuty's trigger before its resolve).
 */
final class ChannelLane {
    /** GitHub's issue body limit is 65536 characters; the report is cut below it. */
    static final int MAX_REPORT = 60_000;

    private record Queued(Notification notification, Instant at) {
    }

    private final Subscription sub;
    private final Channel<?> channel;
    private final RetryConfig retryConfig;
    private final DeliveryLog log;
    private final Clock clock;
    private final Pause pause;
    private final ArrayBlockingQueue<Queued> queue;
    private final AtomicInteger pending = new AtomicInteger();
    private final Object idle = new Object();
    private final Thread worker;
    private volatile boolean closed;

    ChannelLane(Subscription sub, DeliveryLog log, Clock clock, Pause pause) {
        this.sub = sub;
        this.channel = sub.channel();
        this.retryConfig = sub.policy().retryConfig();
        this.log = log;
        this.clock = clock;
        this.pause = pause;
        this.queue = new ArrayBlockingQueue<>(sub.policy().queueCapacity());
        this.worker = Thread.ofPlatform().daemon().name("rewind-notify-" + channel.name()).unstarted(this::run);
        worker.start();
    }

    boolean wants(AlertEvent e) {
        return sub.wants(e);
    }

    /** Never blocks: a full queue drops the notification and records that it did. */
    void offer(Notification n) {
        Instant now = clock.instant();
        if (closed) {
            record(n, DeliveryStatus.ABANDONED, 0, null, "not queued: notifications were already shut down", now);
            return;
        }
        pending.incrementAndGet();
        if (queue.offer(new Queued(n, now))) return;
        done();
        record(n, DeliveryStatus.DROPPED, 0, null, "queue full (" + sub.policy().queueCapacity() + " waiting for " + channel.name() + ")", now);
    }

    /** @return true when everything queued was dealt with before the deadline */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        synchronized (idle) {
            while (pending.get() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) return false;
                idle.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Stops the thread; what is still queued is recorded as abandoned, not silently lost. */
    void close() {
        closed = true;
        worker.interrupt();
        List<Queued> left = new ArrayList<>();
        queue.drainTo(left);
        for (Queued q : left) {
            record(q, DeliveryStatus.ABANDONED, 0, null, "still queued at shutdown");
            done();
        }
    }

    private void run() {
        while (!closed) {
            Queued q;
            try {
                q = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                deliver(q);
            } catch (RuntimeException e) {
                record(q, DeliveryStatus.FAILED, 0, null, "delivery broke: " + e.getClass().getSimpleName());
            } finally {
                done();
            }
        }
    }

    private void deliver(Queued q) {
        Notification n = q.notification();
        if (n.event() == AlertEvent.POST_MORTEM_READY && n.report() == null) n = n.withReport(readReport(n));
        Channel.Prepared prepared;
        try {
            prepared = channel.prepare(n);
        } catch (RuntimeException e) {
            record(q, DeliveryStatus.FAILED, 0, null, "cannot render the message: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        // a Retry per delivery: its context counts this delivery's attempts; the config is shared and immutable
        Retry.AsyncContext<Receipt> attempts = Retry.of(channel.name(), retryConfig).asyncContext();
        for (int attempt = 1; ; attempt++) {
            try {
                Receipt r = prepared.deliver();
                attempts.onComplete();
                record(q, DeliveryStatus.DELIVERED, attempt, r.httpStatus(), r.detail());
                return;
            } catch (DeliveryFailure f) {
                if (closed) {
                    record(q, DeliveryStatus.ABANDONED, attempt, f.httpStatus(), f.getMessage() + " (shut down during the attempt)");
                    return;
                }
                long waitMillis = attempts.onError(f);
                if (waitMillis < 0) {
                    record(q, DeliveryStatus.FAILED, attempt, f.httpStatus(), f.getMessage()
                            + (f.retryable() ? " (gave up after " + attempt + " attempts)" : " (not retried)"));
                    return;
                }
                try {
                    pause.pause(Duration.ofMillis(waitMillis));
                } catch (InterruptedException e) {
                    record(q, DeliveryStatus.ABANDONED, attempt, f.httpStatus(), f.getMessage() + " (shut down before the next attempt)");
                    return;
                }
            } catch (RuntimeException e) {
                // a transport that throws anything but a DeliveryFailure is broken; retrying it would not help
                record(q, DeliveryStatus.FAILED, attempt, null, e.getClass().getSimpleName() + ": " + e.getMessage());
                return;
            }
        }
    }

    /** The report is read on the channel's thread: the caller only said where it is. */
    private static String readReport(Notification n) {
        Object path = n.details().get(Notification.INCIDENT_REPORT);
        if (path == null) return "";
        try {
            return Text.truncate(Files.readString(Path.of(path.toString()), StandardCharsets.UTF_8), MAX_REPORT);
        } catch (IOException | RuntimeException e) {
            return "(the incident report at " + path + " could not be read: " + e.getClass().getSimpleName() + ")";
        }
    }

    private void done() {
        if (pending.decrementAndGet() <= 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void record(Queued q, DeliveryStatus status, int attempts, Integer http, String detail) {
        record(q.notification(), status, attempts, http, detail, q.at());
    }

    private void record(Notification n, DeliveryStatus status, int attempts, Integer http, String detail, Instant queuedAt) {
        DeliveryRecord r = new DeliveryRecord(channel.name(), channel.type(), n.event(), n.id(), n.rollbackId(), status, attempts, http,
                Text.truncate(channel.secrets().mask(detail), 500), queuedAt, clock.instant());
        try {
            log.record(r);
        } catch (RuntimeException e) {
            // the record is lost, the lane goes on: a broken log must not stop deliveries
        }
    }
}
