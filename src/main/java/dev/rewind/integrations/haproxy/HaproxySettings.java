package dev.rewind.integrations.haproxy;

import dev.rewind.config.IntegrationConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the haproxy block's structured settings ({@code servers:} map, {@code address: host:port}). */
final class HaproxySettings {
    private HaproxySettings() {}

    static boolean isName(String name) {
        return name != null && name.matches("[A-Za-z0-9_.:-]+");
    }

    record HostPort(String host, int port) {}

    static Map<String, String> servers(IntegrationConfig config) {
        Object raw = config.settings().get("servers");
        if (raw == null) return Map.of();
        if (!(raw instanceof Map<?, ?> map)) {
            throw config.error("servers", "expected a map of target: server name (blue: srv_blue), found '" + raw + "'");
        }
        Map<String, String> servers = new LinkedHashMap<>();
        map.forEach((target, server) -> {
            String name = server == null ? "" : server.toString();
            if (!isName(name)) {
                throw config.error("servers." + target, "expected an HAProxy server name (letters, digits, _ . : -), found '" + name + "'");
            }
            servers.put(target.toString(), name);
        });
        return servers;
    }

    static HostPort hostPort(IntegrationConfig config, String address) {
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon).replaceAll("^\\[|]$", "") : "";
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (host.isEmpty() || port < 1 || port > 65535) throw new NumberFormatException();
            return new HostPort(host, port);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw config.error("address", "expected host:port of a TCP stats socket (127.0.0.1:9999), found '" + address + "'");
        }
    }
}
