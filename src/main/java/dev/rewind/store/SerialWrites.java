package dev.rewind.store;

import dev.rewind.model.UnreachableException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * One SQLite file's transactions, one at a time and in the order they arrive, across every thread of this process.
 *
 * <p>SQLite lets one writer in at a time; the others wait in its busy handler, which does not queue them: each
 * sleeps and looks again (up to 100 ms apart) and gets the lock only if it happens to be free at that instant. Under
 * a steady stream of short writes (a burst of registrations beside the check rounds) the lock is almost never free
 * when a sleeper looks, so one writer could wait past the busy timeout and fail with SQLITE_BUSY while others went
 * by it: the 50,000-release bench did, after 20,000 registrations. Here writers of this process queue on a fair lock
 * instead, so each waits only for those before it; the busy timeout is left for other processes on the same file (a
 * {@code rewind rollback} beside {@code serve}).
 *
 * <p>Every write of the store goes through a transaction for this reason (none is sent in auto-commit mode).
 * The lock is per file, so two stores opened on one file in one process share it.
 */
final class SerialWrites extends DelegatingTransactionHandler {
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final ReentrantLock lock;
    private final Duration patience;
    private final String file;

    private SerialWrites(TransactionHandler delegate, ReentrantLock lock, Duration patience, String file) {
        super(delegate);
        this.lock = lock;
        this.patience = patience;
        this.file = file;
    }

    /** @param patience how long a writer waits for those ahead of it before it gives up; bounded, so a stuck writer shows */
    static SerialWrites of(Path file, TransactionHandler delegate, Duration patience) {
        Path key = file.toAbsolutePath().normalize();
        return new SerialWrites(delegate, LOCKS.computeIfAbsent(key, k -> new ReentrantLock(true)), patience, key.toString());
    }

    /** Writers of this file queued in this process now (for tests). */
    int queued() {
        return lock.getQueueLength();
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        enter();
        try {
            return super.inTransaction(handle, callback);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
        enter();
        try {
            return super.inTransaction(handle, level, callback);
        } finally {
            lock.unlock();
        }
    }

    /** Jdbi makes a handler per handle (the local one keeps each handle's state): keep the lock around it. */
    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
        return new SerialWrites(getDelegate().specialize(handle), lock, patience, file);
    }

    private void enter() {
        try {
            if (lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException(file, "interrupted while waiting to write to the store", e);
        }
        throw new UnreachableException(file, "waited " + patience.toSeconds() + " s for the store's other writers in this process ("
                + lock.getQueueLength() + " queued): one of them is stuck", null);
    }
}
