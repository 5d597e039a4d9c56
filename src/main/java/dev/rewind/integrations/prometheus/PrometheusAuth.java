package dev.rewind.integrations.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How Rewind authenticates to Prometheus. toString never shows the secret. */
public sealed interface PrometheusAuth {

    /** The Authorization header value, or null for none. Computed once so queries pay nothing for it. */
    String headerValue();

    record None() implements PrometheusAuth {
        public String headerValue() { return null; }
    }

    record Bearer(String token) implements PrometheusAuth {
        public String headerValue() { return "Bearer " + token; }

        @Override
        public String toString() { return "Bearer[token=***]"; }
    }

    record Basic(String username, String password) implements PrometheusAuth {
        public String headerValue() {
            String pair = username + ":" + password;
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() { return "Basic[username=" + username + ", password=***]"; }
    }
}
