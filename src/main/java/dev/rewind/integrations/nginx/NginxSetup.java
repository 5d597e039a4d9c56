package dev.rewind.integrations.nginx;

import dev.rewind.config.IntegrationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where an nginx router writes and what it runs.
 *
 * @param addressByTarget target (blue, green) to the upstream server address, in the order to render
 * @param prefix          nginx's -p prefix, or null for the compiled-in one
 * @param pidFile         when set, reload by HUP to this pid; otherwise {@code nginx -s reload}
 */
public record NginxSetup(String upstream, Path upstreamFile, Path conf, Map<String, String> addressByTarget,
        String binary, Path prefix, Path pidFile, Duration timeout) {
    private static final Set<String> SETTINGS =
            Set.of("upstream", "upstream_file", "conf", "servers", "nginx_binary", "prefix", "pid_file", "timeout_seconds");

    public NginxSetup {
        addressByTarget = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(addressByTarget));
        if (addressByTarget.isEmpty()) throw new IllegalArgumentException("an nginx router needs at least one server");
    }

    public static NginxSetup from(IntegrationConfig config) {
        config.allowOnly(SETTINGS);
        String upstream = config.requireString("upstream");
        if (!upstream.matches("[A-Za-z0-9_.-]+")) throw config.error("upstream", "expected an upstream name (letters, digits, _ . -), found '" + upstream + "'");
        int seconds = config.integer("timeout_seconds", 10);
        if (seconds <= 0) throw config.error("timeout_seconds", "expected a positive number of seconds, found " + seconds);
        return new NginxSetup(upstream, Path.of(config.requireString("upstream_file")), Path.of(config.requireString("conf")),
                servers(config), config.string("nginx_binary", "/usr/sbin/nginx"), path(config, "prefix"),
                path(config, "pid_file"), Duration.ofSeconds(seconds));
    }

    private static Path path(IntegrationConfig config, String key) {
        String value = config.string(key, null);
        return value == null ? null : Path.of(value);
    }

    /**
     * Addresses are left for nginx -t to judge (it knows ports, names, unix: sockets), except characters
     * that would end the server line and let a config value write its own nginx directives.
     */
    private static Map<String, String> servers(IntegrationConfig config) {
        if (!(config.settings().get("servers") instanceof Map<?, ?> map) || map.isEmpty()) {
            throw config.error("servers", "expected a map of target: address (blue: \"127.0.0.1:8081\")");
        }
        Map<String, String> servers = new LinkedHashMap<>();
        map.forEach((target, address) -> {
            String value = address == null ? "" : address.toString();
            if (value.isBlank() || value.matches(".*[\\s;{}#'\"\\\\$].*")) {
                throw config.error("servers." + target, "expected a server address such as 127.0.0.1:8081, found '" + value + "'");
            }
            servers.put(target.toString(), value);
        });
        return servers;
    }
}
