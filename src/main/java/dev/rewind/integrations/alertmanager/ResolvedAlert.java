package dev.rewind.integrations.alertmanager;

import java.time.Instant;

/** An alert Alertmanager reports as resolved: news for an open incident, never a reason to act. */
public record ResolvedAlert(String alertname, String fingerprint, Instant startsAt, Instant endsAt) {
}
