package dev.rewind.integrations.alertmanager;

import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which alert labels say what: the first label present among {@code serviceLabels} names the service,
 * and so on. Defaults follow common Prometheus practice (service/app, environment/env, severity).
 *
 * @param defaultEnvironment used when no environment label is present; null makes that label required
 * @param defaultAutomation  used when an alert has no {@code automationLabel}; SEMI asks a human first,
 *                           since an alert rule was not written with Rewind's automation levels in mind
 */
public record AlertMapping(List<String> serviceLabels, List<String> environmentLabels, String metricLabel,
                           String automationLabel, AutomationLevel defaultAutomation, Severity defaultSeverity,
                           String defaultEnvironment) {

    private static final Map<String, Severity> SEVERITY_WORDS = Map.ofEntries(
            Map.entry("critical", Severity.CRITICAL), Map.entry("page", Severity.CRITICAL),
            Map.entry("high", Severity.HIGH), Map.entry("error", Severity.HIGH), Map.entry("major", Severity.HIGH),
            Map.entry("warning", Severity.MEDIUM), Map.entry("warn", Severity.MEDIUM), Map.entry("medium", Severity.MEDIUM),
            Map.entry("info", Severity.LOW), Map.entry("low", Severity.LOW), Map.entry("none", Severity.LOW));

    public AlertMapping {
        serviceLabels = List.copyOf(serviceLabels);
        environmentLabels = List.copyOf(environmentLabels);
        if (serviceLabels.isEmpty()) throw new IllegalArgumentException("at least one service label is needed");
        if (environmentLabels.isEmpty()) throw new IllegalArgumentException("at least one environment label is needed");
    }

    public static AlertMapping defaults() {
        return new AlertMapping(List.of("service", "app"), List.of("environment", "env"), "metric", "automation",
                AutomationLevel.SEMI, Severity.HIGH, null);
    }

    public AlertMapping withDefaultEnvironment(String environment) {
        return new AlertMapping(serviceLabels, environmentLabels, metricLabel, automationLabel, defaultAutomation, defaultSeverity, environment);
    }

    public AlertMapping withDefaultAutomation(AutomationLevel automation) {
        return new AlertMapping(serviceLabels, environmentLabels, metricLabel, automationLabel, automation, defaultSeverity, defaultEnvironment);
    }

    /** critical/page, high/error, warning, info/low; null for a word we do not know. */
    public static Severity severity(String word) {
        return word == null ? null : SEVERITY_WORDS.get(word.trim().toLowerCase(Locale.ROOT));
    }

    static String first(Map<String, String> labels, List<String> names) {
        for (String name : names) {
            String v = labels.get(name);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }
}
