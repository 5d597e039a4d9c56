package dev.rewind.bench;

import java.util.List;

/**
 * One failover run's figures, all measured by the traffic recorder except detection.
 *
 * @param restoredSeconds   from the fault to the send time of the last request green answered; NaN when green never stopped
 * @param failedAfterFault  requests sent after the fault that failed (5xx or no answer)
 * @param failedBeforeFault requests that failed before the fault: should be 0 (a deploy that drops requests would show here)
 * @param detectedSeconds   from the fault to the rollback decision (the deciding check in Rewind's store, or the webhook's call); NaN when none
 * @param watchExit         Rewind's exit code; null for the Alertmanager pipeline, -1 when it had to be killed
 * @param endedOnBlue       the last answered request came from blue
 */
public record FailoverRun(String pipeline, double restoredSeconds, long failedAfterFault, long failedBeforeFault, long sentAfterFault,
                          double detectedSeconds, Integer watchExit, boolean endedOnBlue) {

    /** The figures from the recorder's shots; {@code faultNanos} is System.nanoTime() at the fault. */
    public static FailoverRun measure(String pipeline, List<TrafficRecorder.Shot> shots, long faultNanos, double detectedSeconds, Integer watchExit) {
        long lastGreen = Long.MIN_VALUE;
        long failedAfter = 0, failedBefore = 0, sentAfter = 0;
        TrafficRecorder.Shot last = null;
        for (TrafficRecorder.Shot s : shots) {
            if (s.sentNanos() >= faultNanos) {
                sentAfter++;
                if (s.failed()) failedAfter++;
                if ("green".equals(s.servedBy())) lastGreen = Math.max(lastGreen, s.sentNanos());
            } else if (s.failed()) {
                failedBefore++;
            }
            if (s.servedBy() != null && (last == null || s.sentNanos() > last.sentNanos())) last = s;
        }
        boolean onBlue = last != null && "blue".equals(last.servedBy());
        double restored = lastGreen == Long.MIN_VALUE ? 0 : onBlue ? (lastGreen - faultNanos) / 1e9 : Double.NaN;
        return new FailoverRun(pipeline, restored, failedAfter, failedBefore, sentAfter, detectedSeconds, watchExit, onBlue);
    }

    /** Met the target: under 7 s and under 105 failed requests. */
    public boolean meetsTarget() {
        return endedOnBlue && restoredSeconds < 7 && failedAfterFault < 105;
    }
}
