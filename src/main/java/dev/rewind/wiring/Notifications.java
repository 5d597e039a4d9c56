package dev.rewind.wiring;

import dev.rewind.config.RewindConfig;
import dev.rewind.controller.JournalDeliveryLog;
import dev.rewind.model.Alert;
import dev.rewind.model.BadInputException;
import dev.rewind.report.Notifier;
import dev.rewind.report.notify.DeliveryLog;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.InMemoryDeliveryLog;
import dev.rewind.report.notify.NotificationDispatcher;
import dev.rewind.report.notify.Pause;
import dev.rewind.report.notify.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A command's notification channels, started: the {@link Notifier} to hand the rollback (it only queues), the
 * delivery records so far, and a bounded close that waits for what is queued. {@link #off()} is
 * {@code --notify false}: no channel is built, nothing is sent.
 */
public final class Notifications implements Notifier, AutoCloseable {
    private final NotificationDispatcher dispatcher;
    private final InMemoryDeliveryLog records = new InMemoryDeliveryLog();
    private final List<String> notes;
    private final JournalDeliveryLog journal;

    private Notifications(List<Subscription> channels, List<String> notes, JournalDeliveryLog journal, Clock clock, Pause pause) {
        this.dispatcher = new NotificationDispatcher(channels, journal == null ? records : DeliveryLog.all(records, journal), clock, pause);
        this.notes = List.copyOf(notes);
        this.journal = journal;
    }

    /**
     * Builds and checks every channel of the config (its secrets resolved now); starts nothing yet. A bad channel
     * stops the command before anything acts, and says how to roll back without notifications.
     */
    public static List<Subscription> channels(RewindConfig config, Clock clock) {
        try {
            return NotificationChannels.build(config.notifications(), clock);
        } catch (BadInputException e) {
            throw new BadInputException(e.getMessage() + " (to go ahead without notifications: --notify false)");
        }
    }

    /** @param journal where a rollback's deliveries are journaled (when this closes), or null */
    public static Notifications start(RewindConfig config, List<Subscription> channels, JournalDeliveryLog journal, Clock clock) {
        return new Notifications(channels, NotificationChannels.notes(config.notifications()), journal, clock, Pause.WALL_CLOCK);
    }

    public static Notifications start(List<Subscription> channels, JournalDeliveryLog journal, Clock clock, Pause pause) {
        return new Notifications(channels, List.of(), journal, clock, pause);
    }

    public static Notifications off() {
        return new Notifications(List.of(), List.of(), null, Clock.systemUTC(), Pause.WALL_CLOCK);
    }

    /** No channel sends, and the console is told why (every configured channel is off for lack of its variables). */
    public static Notifications off(RewindConfig config) {
        return new Notifications(List.of(), NotificationChannels.notes(config.notifications()), null, Clock.systemUTC(), Pause.WALL_CLOCK);
    }

    @Override
    public void notify(Alert alert) {
        dispatcher.notify(alert);
    }

    public int channelCount() {
        return dispatcher.channels();
    }

    public List<String> notes() {
        return notes;
    }

    public List<DeliveryRecord> records() {
        return records.records();
    }

    /**
     * Waits at most {@code bound} for queued deliveries, then journals their records (on the caller's thread,
     * the journal's writer); true when none was left behind.
     */
    public boolean close(Duration bound) {
        boolean done = dispatcher.close(bound);
        if (journal != null) journal.writePending();
        return done;
    }

    @Override
    public void close() {
        close(NotificationDispatcher.DEFAULT_CLOSE_BOUND);
    }
}
