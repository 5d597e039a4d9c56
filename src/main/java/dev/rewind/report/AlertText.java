package dev.rewind.report;

import dev.rewind.model.Alert;
import dev.rewind.secrets.Redactor;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** One plain-text line for an alert, with secret-looking fields and every registered secret masked: shared by the console and the log. */
final class AlertText {
    private AlertText() {
    }

    static String line(Alert alert) {
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(alert.severity().label().toUpperCase(java.util.Locale.ROOT)).append("] ");
        if (alert.at() != null) sb.append(alert.at().truncatedTo(ChronoUnit.SECONDS)).append(' ');
        sb.append(alert.title());
        if (alert.body() != null && !alert.body().isBlank()) sb.append(": ").append(alert.body());
        List<String> fields = new ArrayList<>();
        SecretMask.mask(alert.fields()).forEach((k, v) -> fields.add(k + "=" + v));
        if (!fields.isEmpty()) sb.append(" {").append(String.join(", ", fields)).append('}');
        return Redactor.redact(sb.toString());
    }
}
