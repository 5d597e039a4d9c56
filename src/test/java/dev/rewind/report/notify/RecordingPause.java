package dev.rewind.report.notify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Injected time for retries: records each backoff and returns at once, so no test waits on the wall clock. */
public final class RecordingPause implements Pause {
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void pause(Duration d) {
        waits.add(d);
    }

    public List<Duration> waits() {
        return List.copyOf(waits);
    }
}
