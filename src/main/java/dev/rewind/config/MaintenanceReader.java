package dev.rewind.config;

import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.model.MaintenanceMode;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks an environment's {@code maintenance:} block when the config loads: the router or flag service it
 * names must be configured in the same environment, the router target must be one the router knows, and every name is
 * positively validated (it reaches HAProxy's command line and flag services' URLs).
 */
final class MaintenanceReader {
    private static final Set<String> KEYS = Set.of("via", "target", "flag", "during_rollback");

    private final ConfigValues values;

    MaintenanceReader(ConfigValues values) {
        this.values = values;
    }

    MaintenanceConfig read(MapNode m, IntegrationConfig router, IntegrationConfig flags) {
        m.allowOnly(KEYS);
        if (!m.has("via")) throw m.error("expected 'via: router' (with target:) or 'via: flag' (with flag:)");
        String via = values.string(m.get("via")).strip();
        boolean duringRollback = !m.has("during_rollback") || values.bool(m.get("during_rollback"));
        return switch (via) {
            case "router" -> {
                if (m.has("flag")) throw m.get("flag").error("'flag:' goes with 'via: flag'; via: router names the router's 'target:'");
                if (!m.has("target")) throw m.error("via: router needs 'target:', the router target that serves the maintenance page");
                ConfigNode node = m.get("target");
                String target = name(node, "a router target");
                if (router == null) throw node.error("via: router, but the environment has no router: block to send traffic to " + target);
                if (router.settings().get("servers") instanceof Map<?, ?> servers) {
                    if (!servers.containsKey(target)) {
                        throw node.error("the router's servers: has no target '" + target + "'; add one that serves the maintenance page, or use one of "
                                + servers.keySet());
                    }
                } else if (!router.type().equals("haproxy")) {
                    throw node.error("a " + router.type() + " router has no servers: map naming its targets; maintenance through the router needs"
                            + " one with a target serving the maintenance page (haproxy, nginx)");
                }
                yield new MaintenanceConfig(new MaintenanceMode(MaintenanceMode.Via.ROUTER, target), duringRollback, m.file(), m.line());
            }
            case "flag" -> {
                if (m.has("target")) throw m.get("target").error("'target:' goes with 'via: router'; via: flag names the 'flag:'");
                if (!m.has("flag")) throw m.error("via: flag needs 'flag:', the feature flag turned ON for maintenance");
                ConfigNode node = m.get("flag");
                String flag = name(node, "a flag name");
                if (flags == null) throw node.error("via: flag, but the environment has no flags: block to turn " + flag + " on with");
                yield new MaintenanceConfig(new MaintenanceMode(MaintenanceMode.Via.FLAG, flag), duringRollback, m.file(), m.line());
            }
            default -> throw m.get("via").error("expected 'router' or 'flag', found '" + via + "'");
        };
    }

    private String name(ConfigNode node, String what) {
        String name = values.string(node).strip();
        if (!MaintenanceMode.isName(name)) {
            throw node.error("expected " + what + " of letters, digits, _ . : - (at most 128), found '" + name + "'");
        }
        return name;
    }
}
