package dev.rewind.store;

import dev.rewind.model.UnreachableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A store call tried again when the database dropped its connection (PostgreSQL restarted, a failover, a network cut):
 * the pool drops the broken connection and the next try takes a new one. Only connection failures are tried again; a
 * refused write (a lost lease, a guard) is not. A write tried again must find out for itself whether its first try
 * committed (the try number tells it), so that nothing is written twice. After the last try the call fails saying so.
 */
final class Reconnecting {
    /** Waits before tries 2, 3, 4: a restart ends in a second or two; a database that stays down is not waited out. */
    static final List<Duration> WAITS = List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(2));

    private Reconnecting() {
    }

    static <T> T call(String what, IntFunction<T> attempt) {
        RuntimeException last = null;
        for (int i = 0; i <= WAITS.size(); i++) {
            if (i > 0) pause(WAITS.get(i - 1));
            try {
                return attempt.apply(i + 1);
            } catch (RuntimeException e) {
                if (!connectionLost(e)) throw e;
                last = e;
            }
        }
        throw new UnreachableException("the rewind store", what + " failed " + (WAITS.size() + 1) + " times: the database connection was lost ("
                + rootMessage(last) + ")", last);
    }

    /** SQLSTATE class 08 (connection exception), 57P01-03 (admin or crash shutdown, starting up), or the pool out of connections. */
    static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || List.of("57P01", "57P02", "57P03").contains(s.getSQLState()))) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }

    /** A wait for the database to come back, at the edge of the store, not in engine logic: nothing else to do meanwhile. */
    private static void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) LockSupport.parkNanos(left);
    }
}
