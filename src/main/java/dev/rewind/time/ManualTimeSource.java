package dev.rewind.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A clock that only moves when told to. {@link #pause} advances it at once and tells listeners, so a
 * simulated world (a fake service whose metrics follow the clock) can react while the engine "waits".
 */
public final class ManualTimeSource implements TimeSource {
    private Instant now;
    private final List<Consumer<Instant>> listeners = new ArrayList<>();

    public ManualTimeSource(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public void pause(Duration duration) {
        advance(duration);
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) throw new IllegalArgumentException("time does not go back: " + duration);
        Instant at;
        List<Consumer<Instant>> copy;
        synchronized (this) {
            now = now.plus(duration);
            at = now;
            copy = List.copyOf(listeners);
        }
        copy.forEach(l -> l.accept(at));
    }

    public synchronized void onAdvance(Consumer<Instant> listener) {
        listeners.add(listener);
    }
}
