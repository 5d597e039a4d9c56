package dev.rewind.model;

import java.time.Instant;
import java.util.Map;

/** A message for people: console, log and journal now; Slack, PagerDuty, email with server mode. */
public record Alert(Severity severity, String title, String body, Instant at, Map<String, Object> fields) {
    public Alert {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
