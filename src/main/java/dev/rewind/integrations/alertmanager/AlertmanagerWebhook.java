package dev.rewind.integrations.alertmanager;

import dev.rewind.model.AutomationLevel;
import dev.rewind.model.BadInputException;
import dev.rewind.model.Finding;
import dev.rewind.model.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns Alertmanager webhook calls into findings: authenticate the raw body, parse payload version 4,
 * map labels to service and environment, and make each firing alert a {@link Finding}.
 */
public final class AlertmanagerWebhook {
    /** Above any rate, latency, ratio or byte count an alert rule annotates (1e15 bytes is a petabyte), below float trouble. */
    static final double MAX_MAGNITUDE = 1e15;
    static final int MAX_NUMBER_LENGTH = 40;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?");
    private final WebhookAuth auth;
    private final AlertMapping mapping;

    public AlertmanagerWebhook(WebhookAuth auth, AlertMapping mapping) {
        this.auth = auth;
        this.mapping = mapping;
    }

    /** False for insecure_no_auth, which the receiver accepts only on a loopback address. */
    public boolean authenticates() {
        return !(auth instanceof WebhookAuth.Open);
    }

    /** Checked before parsing, so an unauthenticated caller learns nothing about our payload rules. */
    public boolean authorized(UnaryOperator<String> header, byte[] body) {
        return auth.accepts(header, body);
    }

    /** One batch per (service, environment) in the message, in the order the alerts came. */
    public List<AlertBatch> read(byte[] body) {
        WebhookMessage message = WebhookParser.parse(body);
        Map<List<String>, Group> groups = new LinkedHashMap<>();
        for (int i = 0; i < message.alerts().size(); i++) {
            WebhookAlert alert = message.alerts().get(i);
            String at = "alerts[" + i + "]";
            String service = label(alert, mapping.serviceLabels(), null, at);
            String environment = label(alert, mapping.environmentLabels(), mapping.defaultEnvironment(), at);
            Group group = groups.computeIfAbsent(List.of(service, environment), k -> new Group());
            if (alert.firing()) {
                group.findings.add(finding(alert, at));
            } else {
                group.resolved.add(new ResolvedAlert(alertname(alert, at), alert.fingerprint(), alert.startsAt(), alert.endsAt()));
            }
        }
        List<AlertBatch> batches = new ArrayList<>();
        groups.forEach((key, g) -> batches.add(new AlertBatch(message.receiver(), key.get(0), key.get(1), g.findings, g.resolved)));
        return batches;
    }

    private Finding finding(WebhookAlert alert, String at) {
        String name = alertname(alert, at);
        String metric = alert.labels().getOrDefault(mapping.metricLabel(), name);
        Severity severity = AlertMapping.severity(alert.labels().get("severity"));
        String severityNote = "";
        if (severity == null) {
            severity = mapping.defaultSeverity();
            String word = alert.labels().get("severity");
            severityNote = word == null ? "" : " (unknown severity '" + word + "', taken as " + severity.label() + ")";
        }
        return new Finding(name, metric, severity, automation(alert, at), null,
                number(alert, "value", at), number(alert, "threshold", at), alert.startsAt(), reason(alert, name) + severityNote);
    }

    private AutomationLevel automation(WebhookAlert alert, String at) {
        String word = alert.labels().get(mapping.automationLabel());
        if (word == null) return mapping.defaultAutomation();
        try {
            return AutomationLevel.valueOf(word.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WebhookParser.bad(at + ".labels." + mapping.automationLabel(), "expected full, semi or manual, found \"" + word + "\"");
        }
    }

    /**
     * Alert rules may annotate the measured value and limit; without them the finding says 1 of 1, like a
     * manual one. A number is plain decimal (what Prometheus's {{ $value }} prints, 1e+06 included), finite
     * and within {@link #MAX_MAGNITUDE}: NaN, Inf, 1e400, hex and Java's 1d/1f are refused, since a
     * finding must compare and print. The value is not repeated in the error: annotations may say anything.
     */
    private static double number(WebhookAlert alert, String annotation, String at) {
        String v = alert.annotations().get(annotation);
        if (v == null || v.isBlank()) return 1.0;
        String text = v.strip();
        String field = at + ".annotations." + annotation;
        if (text.length() > MAX_NUMBER_LENGTH || !DECIMAL.matcher(text).matches()) {
            throw WebhookParser.bad(field, "expected a finite decimal number like 0.12 or 1.5e+03 of at most " + MAX_NUMBER_LENGTH
                    + " characters; not-a-number and infinite values cannot be compared");
        }
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d) || Math.abs(d) > MAX_MAGNITUDE) {
            throw WebhookParser.bad(field, "expected a number between -1e15 and 1e15");
        }
        return d;
    }

    private static String reason(WebhookAlert alert, String name) {
        String text = alert.annotations().getOrDefault("summary", alert.annotations().get("description"));
        String base = text == null || text.isBlank() ? "Alertmanager alert " + name + " is firing" : text;
        return alert.fingerprint() == null ? base : base + " [alertmanager " + alert.fingerprint() + "]";
    }

    private static String alertname(WebhookAlert alert, String at) {
        String name = alert.alertname();
        if (name == null || name.isBlank()) throw WebhookParser.bad(at + ".labels.alertname", "is required");
        return name;
    }

    private static String label(WebhookAlert alert, List<String> names, String fallback, String at) {
        String v = AlertMapping.first(alert.labels(), names);
        if (v != null) return v;
        if (fallback != null) return fallback;
        throw new BadInputException(WebhookParser.FILE, 0, at + ".labels." + names.getFirst(), "expected one of the labels " + names);
    }

    private static final class Group {
        final List<Finding> findings = new ArrayList<>();
        final List<ResolvedAlert> resolved = new ArrayList<>();
    }
}
