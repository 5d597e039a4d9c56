package dev.rewind.integrations.email;

import dev.rewind.report.notify.Notification;
import dev.rewind.report.notify.Text;
import dev.rewind.report.notify.Template;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/** The email template: a one-line subject with the severity, and a plain-text body with the rollback's facts. */
public final class EmailTemplate implements Template<EmailTemplate.Email> {
    static final int MAX_BODY = 100_000;

    public record Email(String subject, String text) {
    }

    @Override
    public Email render(Notification n) {
        String subject = "[Rewind] " + n.severity().label().toUpperCase(Locale.ROOT) + ": " + Text.oneLine(n.title());
        StringBuilder b = new StringBuilder();
        b.append(Text.oneLine(n.title())).append("\n\n");
        if (n.body() != null && !n.body().isBlank()) b.append(n.body()).append("\n\n");
        line(b, "Rollback", n.rollbackId());
        line(b, "Service", n.service());
        line(b, "Environment", n.environment());
        line(b, "From -> to", n.fromVersion() == null && n.toVersion() == null ? null : n.fromVersion() + " -> " + n.toVersion());
        line(b, "Trigger", n.trigger());
        line(b, "Severity", n.severity().label());
        line(b, "Event", n.event().label());
        line(b, "At", n.at() == null ? null : n.at().truncatedTo(ChronoUnit.SECONDS).toString());
        for (Map.Entry<String, Object> d : n.details().entrySet()) line(b, d.getKey(), Text.truncate(String.valueOf(d.getValue()), 2000));
        n.links().forEach((name, url) -> line(b, name, url));
        if (n.report() != null && !n.report().isBlank()) b.append("\n").append(n.report()).append('\n');
        b.append("\n-- \nSent by Rewind\n");
        return new Email(Text.truncate(subject, 200), Text.truncate(b.toString(), MAX_BODY));
    }

    private static void line(StringBuilder b, String name, String value) {
        if (value != null) b.append(name).append(": ").append(Text.oneLine(value)).append('\n');
    }
}
