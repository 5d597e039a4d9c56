package dev.rewind.controller;

import dev.rewind.model.Alert;
import dev.rewind.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What people are told when a watch cannot read its metrics: once when it goes blind (it never rolls back on missing
 * data, so someone must know that nobody is looking), once when it can read again, and once when it gives up.
 */
public final class BlindAlerts {
    private BlindAlerts() {
    }

    public static Alert blind(String service, String environment, String version, Instant since, Duration limit, String error, Instant at) {
        return new Alert(Severity.HIGH, "Rewind is blind: metrics of " + service + " in " + environment + " cannot be read",
                "Checks of " + service + " " + version + " could not read the metric source since " + since + ", after retries: " + error
                        + ". Missing data never rolls back, so a regression now goes unseen until the source answers again"
                        + (limit == null ? "" : "; the watch gives up after " + limit.toSeconds() + " s blind") + ".",
                at, Map.of("service", service, "environment", environment, "version", version, "event", "blind"));
    }

    public static Alert readableAgain(String service, String environment, String version, Duration blindFor, Instant at) {
        return new Alert(Severity.LOW, "Rewind can read the metrics of " + service + " in " + environment + " again",
                "Checks of " + service + " " + version + " read the metric source again after " + blindFor.toSeconds() + " s blind.",
                at, Map.of("service", service, "environment", environment, "version", version, "event", "readable_again"));
    }

    public static Alert gaveUp(String service, String environment, String version, String summary, String error, Instant at) {
        return new Alert(Severity.CRITICAL, "Rewind gave up watching " + service + " " + version + " in " + environment + ": metrics unreadable",
                "The watch stopped without a decision: " + summary + "; last error: " + error + ". Nothing was rolled back. Watch the release"
                        + " by other means, or start the watch again once the metric source answers.",
                at, Map.of("service", service, "environment", environment, "version", version, "event", "blind_gave_up"));
    }

    /** Tells a one-release watch's blind stretches: one alert when one begins, one when it ends. */
    public static final class Teller implements ReleaseWatcher.Listener {
        private final dev.rewind.model.Release release;
        private final java.util.function.Consumer<Alert> alerts;
        private boolean blind;

        public Teller(dev.rewind.model.Release release, java.util.function.Consumer<Alert> alerts) {
            this.release = release;
            this.alerts = alerts;
        }

        @Override
        public void onCheck(ReleaseWatcher.Check check) {
            ReleaseWatcher.Blind b = check.blind();
            if (b != null && !blind) {
                alerts.accept(blind(release.service(), release.environment(), release.version(), b.since(), b.limit(), b.error(), check.at()));
            } else if (b == null && blind) {
                // the stretch lasted from its first unreadable check to this one
                alerts.accept(readableAgain(release.service(), release.environment(), release.version(), Duration.between(since, check.at()), check.at()));
            }
            if (b != null && !blind) since = b.since();
            blind = b != null;
        }

        private Instant since;
    }
}
