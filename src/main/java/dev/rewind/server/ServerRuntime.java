package dev.rewind.server;

import dev.rewind.controller.Fleet;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.FleetListener;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.Ownership;
import dev.rewind.store.RewindStore;
import dev.rewind.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rewind serve} put together: the fleet, its event stream, the HTTP server, and the scheduler that calls
 * {@link Fleet#tick()}. Checks run on a small fixed pool (the metric store must not be flooded); rollbacks each get
 * a virtual thread (they mostly wait). Closing stops cleanly: no new checks, running rollbacks stopped between steps
 * and waited for (bounded), their leases given back for another replica (or the next start) to resume them, then the
 * HTTP server.
 */
public final class ServerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);
    static final Duration TICK = Duration.ofMillis(100);
    public static final Duration STOP_BOUND = Duration.ofSeconds(30);
    /** A scheduler that has not finished a tick for this long is stuck (a tick takes milliseconds): /readyz says so. */
    static final Duration STALE_TICK = Duration.ofSeconds(10);

    private final Fleet fleet;
    private final RewindServer server;
    private final EventHub events;
    private final ScheduledExecutorService ticker;
    private final ExecutorService checks;
    private final ExecutorService rollbacks;

    private ServerRuntime(Fleet fleet, RewindServer server, EventHub events, ScheduledExecutorService ticker, ExecutorService checks,
                          ExecutorService rollbacks) {
        this.fleet = fleet;
        this.server = server;
        this.events = events;
        this.ticker = ticker;
        this.checks = checks;
        this.rollbacks = rollbacks;
    }

    /**
     * @param extra listeners besides the event stream (metrics)
     */
    public static ServerRuntime start(RewindStore store, Map<String, FleetEnvironment> environments, FleetSettings settings, TimeSource time,
                                      String host, int port, long maxBodyBytes, List<FleetListener> extra, List<RewindServer.Extension> extensions) {
        return start(store, environments, settings, time, host, port, maxBodyBytes, extra, extensions,
                Ownership.single(store.leases(), "local-" + ProcessHandle.current().pid(), Ownership.Timing.DEFAULT, time));
    }

    /** @param ownership what this server owns: every service (the only server), or a share of them (one of several replicas) */
    public static ServerRuntime start(RewindStore store, Map<String, FleetEnvironment> environments, FleetSettings settings, TimeSource time,
                                      String host, int port, long maxBodyBytes, List<FleetListener> extra, List<RewindServer.Extension> extensions,
                                      Ownership ownership) {
        EventHub events = new EventHub(time.clock());
        List<FleetListener> listeners = new ArrayList<>(extra);
        listeners.add(events);
        ExecutorService checks = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().name("rewind-check-", 0).daemon().factory());
        ExecutorService rollbacks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("rewind-rollback-", 0).factory());
        Fleet fleet = new Fleet(store, time, environments, settings, checks, rollbacks, Listeners.of(listeners), ownership);
        fleet.resume();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rewind-tick").daemon().factory());
        Heartbeat heartbeat = new Heartbeat(System::nanoTime, STALE_TICK);
        RewindServer server = new RewindServer(fleet, time.clock(), events, maxBodyBytes, extensions,
                () -> ticker.isShutdown() ? "the scheduler is stopped (the server is stopping)" : heartbeat.problem()).start(host, port);
        ownership.advertise("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port());
        ticker.scheduleWithFixedDelay(() -> {
            try {
                fleet.tick();
                heartbeat.beat();
            } catch (RuntimeException e) {
                LOG.error("tick failed: {}", e.toString());
            }
        }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return new ServerRuntime(fleet, server, events, ticker, checks, rollbacks);
    }

    /** When the scheduler last finished a tick, on a monotonic clock; stale (or none yet) means not ready. */
    static final class Heartbeat {
        private final java.util.function.LongSupplier nanos;
        private final Duration stale;
        private final long created;
        private volatile long last = Long.MIN_VALUE;

        Heartbeat(java.util.function.LongSupplier nanos, Duration stale) {
            this.nanos = nanos;
            this.stale = stale;
            this.created = nanos.getAsLong();
        }

        void beat() {
            last = nanos.getAsLong();
        }

        /** Null while ticks keep coming; otherwise what is wrong. */
        String problem() {
            long now = nanos.getAsLong();
            long since = last == Long.MIN_VALUE ? now - created : now - last;
            if (since <= stale.toNanos()) return null;
            return last == Long.MIN_VALUE ? "the scheduler has not ticked since the server started " + since / 1_000_000_000 + " s ago"
                    : "the scheduler has not ticked for " + since / 1_000_000_000 + " s (a check or the store may be stuck)";
        }
    }

    public Fleet fleet() {
        return fleet;
    }

    public int port() {
        return server.port();
    }

    /**
     * Stops cleanly: no new checks; running rollbacks stop between steps without ending and are waited for (bounded);
     * then every lease is given back, so another replica resumes them at once (or this server at its next start).
     */
    @Override
    public void close() {
        ticker.shutdownNow();
        fleet.close();
        long deadline = System.nanoTime() + STOP_BOUND.toNanos();
        rollbacks.shutdown();
        try {
            if (!rollbacks.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("rollbacks still running after {}: the journal shows their last step", STOP_BOUND);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fleet.handOver();
        checks.shutdownNow();
        server.close();
    }
}
