package dev.rewind.integrations.alertmanager;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.AutomationLevel;
import dev.rewind.model.Severity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code type: alertmanager} block: where to listen, how callers authenticate (exactly one of
 * bearer_token or hmac_secret, unless {@code insecure_no_auth: true}) and which labels say what.
 */
public record AlertmanagerSettings(String host, int port, String path, WebhookAuth auth, AlertMapping mapping) {

    static final Set<String> KEYS = Set.of("host", "port", "path", "bearer_token", "hmac_secret", "signature_header",
            "insecure_no_auth", "service_labels", "environment_labels", "metric_label", "automation_label",
            "default_automation", "default_severity", "default_environment");

    public static AlertmanagerSettings from(IntegrationConfig config) {
        config.allowOnly(KEYS);
        String path = config.string("path", AlertmanagerReceiver.DEFAULT_PATH);
        // Javalin reads {name}, <name> and * in a route as parameters and wildcards: a plain path only
        if (path.length() > 200 || !path.matches("(/[A-Za-z0-9._~-]+)+/?|/")) {
            throw config.error("path", "expected a plain URL path like /api/v1/alertmanager (letters, digits, . _ ~ - between slashes), found '" + path + "'");
        }
        int port = config.integer("port", 9095, 0, 65535);
        AlertMapping d = AlertMapping.defaults();
        AlertMapping mapping = new AlertMapping(
                labels(config, "service_labels", d.serviceLabels()), labels(config, "environment_labels", d.environmentLabels()),
                config.string("metric_label", d.metricLabel()), config.string("automation_label", d.automationLabel()),
                automation(config), severity(config), config.string("default_environment", null));
        String host = config.string("host", "127.0.0.1");
        return new AlertmanagerSettings(host, port, path, auth(config, host), mapping);
    }

    private static WebhookAuth auth(IntegrationConfig config, String host) {
        String token = config.string("bearer_token", null);
        String secret = config.string("hmac_secret", null);
        boolean open = Boolean.parseBoolean(config.string("insecure_no_auth", "false"));
        if (token != null && secret != null) throw config.error("hmac_secret", "choose one: bearer_token or hmac_secret, not both");
        if (token != null) {
            if (token.isBlank()) throw config.error("bearer_token", "expected a token, found an empty value");
            return WebhookAuth.bearer(token);
        }
        if (secret != null) {
            if (secret.isEmpty()) throw config.error("hmac_secret", "expected a secret, found an empty value");
            String header = config.string("signature_header", "X-Rewind-Signature");
            if (!header.matches("[A-Za-z0-9-]{1,64}")) {
                throw config.error("signature_header", "expected an HTTP header name (letters, digits, -; at most 64), found '" + header + "'");
            }
            return WebhookAuth.hmac(header, secret);
        }
        if (open) {
            if (!isLoopback(host)) {
                throw config.error("insecure_no_auth", "accepts every caller, so it is for a lab on this machine only: it needs host 127.0.0.1"
                        + " (or another 127.0.0.0/8 address), ::1 or localhost; found host '" + host + "'");
            }
            return WebhookAuth.none();
        }
        throw config.error("bearer_token", "is required (or hmac_secret; insecure_no_auth: true for a lab)");
    }

    /**
     * A loopback literal (127.0.0.0/8, ::1) or localhost, decided without asking DNS; the receiver checks
     * again what it binds, since localhost is only a name.
     */
    static boolean isLoopback(String host) {
        if (host == null) return false;
        if (host.equalsIgnoreCase("localhost")) return true;
        if (host.matches("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}")) return true;
        String inner = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!inner.matches("[0-9A-Fa-f:.]{2,45}") || !inner.contains(":")) return false;
        try {
            return InetAddress.getByName("[" + inner + "]").isLoopbackAddress(); // brackets: a literal or an error, never DNS
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<String> labels(IntegrationConfig config, String key, List<String> fallback) {
        Object v = config.settings().get(key);
        if (v == null) return fallback;
        if (v instanceof List<?> list && !list.isEmpty()) return list.stream().map(String::valueOf).toList();
        if (v instanceof String s && !s.isBlank()) return List.of(s.split("\\s*,\\s*"));
        throw config.error(key, "expected a non-empty list of label names");
    }

    private static AutomationLevel automation(IntegrationConfig config) {
        String word = config.string("default_automation", "semi");
        try {
            return AutomationLevel.valueOf(word.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw config.error("default_automation", "expected full, semi or manual, found '" + word + "'");
        }
    }

    private static Severity severity(IntegrationConfig config) {
        String word = config.string("default_severity", "high");
        Severity s = AlertMapping.severity(word);
        if (s == null) throw config.error("default_severity", "expected critical, high, warning or info, found '" + word + "'");
        return s;
    }
}
