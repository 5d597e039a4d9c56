package dev.rewind.integrations.haproxy;

import dev.rewind.act.PartialSwitchException;
import dev.rewind.act.Routes;
import dev.rewind.act.TrafficRouter;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.RewindException;
import dev.rewind.model.UnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes traffic between the servers of one HAProxy backend through its runtime API. Targets are server
 * names, or names mapped to servers by the {@code servers:} setting.
 *
 * <p>A target at weight 0 gets {@code set weight 0} and state {@code drain}, not {@code maint}: drain
 * stops new requests but lets in-flight ones finish and keeps health checks running, so the old version
 * stays warm and visibly healthy for the next switch. Targets that gain traffic are changed first, so
 * at no moment is every server drained.
 */
public final class HaproxyRouter implements TrafficRouter {
    /** HAProxy refuses weights above 256; larger shares are scaled down, keeping their ratios. */
    static final int MAX_WEIGHT = 256;
    private static final Set<String> SETTINGS = Set.of("socket", "address", "backend", "timeout_seconds", "servers");

    private final RuntimeApi api;
    private final String backend;
    private final Map<String, String> serverByTarget;

    /** @param serverByTarget target to server name; empty means targets are the server names themselves */
    public HaproxyRouter(RuntimeApi api, String backend, Map<String, String> serverByTarget) {
        // HAProxy splits a command line on ';' and spaces: a name outside this set could smuggle in a second command
        if (!HaproxySettings.isName(backend)) throw new IllegalArgumentException("not an HAProxy backend name: '" + backend + "'");
        serverByTarget.values().forEach(s -> {
            if (!HaproxySettings.isName(s)) throw new IllegalArgumentException("not an HAProxy server name: '" + s + "'");
        });
        this.api = api;
        this.backend = backend;
        this.serverByTarget = Map.copyOf(serverByTarget);
    }

    public static HaproxyRouter from(IntegrationConfig config) {
        config.allowOnly(SETTINGS);
        String backend = config.requireString("backend");
        if (!HaproxySettings.isName(backend)) throw config.error("backend", "expected an HAProxy backend name (letters, digits, _ . : -), found '" + backend + "'");
        int seconds = config.integer("timeout_seconds", 5, 1, 300);
        return new HaproxyRouter(socket(config, Duration.ofSeconds(seconds)), backend, HaproxySettings.servers(config));
    }

    private static RuntimeApi socket(IntegrationConfig config, Duration timeout) {
        String socket = config.string("socket", null);
        String address = config.string("address", null);
        if ((socket == null) == (address == null)) {
            throw config.error(socket == null ? "socket" : "address", "expected exactly one of 'socket: /path/admin.sock' or 'address: host:port'");
        }
        if (socket != null) return StatsSocket.unix(Path.of(socket), timeout);
        HaproxySettings.HostPort hp = HaproxySettings.hostPort(config, address);
        return StatsSocket.tcp(hp.host(), hp.port(), timeout);
    }

    @Override
    public Routes routes() {
        Map<String, ServerState> servers = servers();
        Map<String, Integer> weights = new LinkedHashMap<>();
        if (serverByTarget.isEmpty()) {
            servers.values().forEach(s -> weights.put(s.name(), s.effectiveWeight()));
        } else {
            serverByTarget.keySet().stream().sorted()
                    .forEach(target -> weights.put(target, known(servers, target).effectiveWeight()));
        }
        return new Routes(weights);
    }

    @Override
    public void setRoutes(Routes routes) {
        Map<String, Integer> wanted = scaled(routes);
        Map<String, ServerState> current = servers();
        wanted.keySet().forEach(target -> known(current, target));
        List<String> order = new ArrayList<>(wanted.keySet());
        order.sort(Comparator.comparingInt((String t) -> current.get(serverOf(t)).effectiveWeight() - wanted.get(t)));
        List<String> switched = new ArrayList<>();
        for (String target : order) {
            try {
                apply(serverOf(target), wanted.get(target));
            } catch (RewindException e) {
                if (switched.isEmpty()) throw e;
                List<String> notSwitched = order.subList(switched.size(), order.size());
                throw new PartialSwitchException("HAProxy backend " + backend + " at " + api.address()
                        + " failed while switching " + target + ": " + e.getMessage(), switched, notSwitched, e);
            }
            switched.add(target);
        }
    }

    @Override
    public void drain(String target) {
        command("set server " + backend + "/" + serverOf(target) + " state drain");
    }

    private void apply(String server, int weight) {
        command("set weight " + backend + "/" + server + " " + weight);
        command("set server " + backend + "/" + server + " state " + (weight > 0 ? "ready" : "drain"));
    }

    /** HAProxy answers a successful {@code set} with an empty line; any text is its error, quoted as is. */
    private void command(String command) {
        String answer = api.execute(command).strip();
        if (answer.isEmpty()) return;
        if (answer.startsWith("Permission denied")) {
            throw UnreachableException.unauthorized(api.address(), "HAProxy answered '" + answer + "' to '" + command
                    + "'; the stats socket needs 'level admin'");
        }
        throw new ActionFailedException("HAProxy at " + api.address() + " refused '" + command + "': " + answer);
    }

    private Map<String, ServerState> servers() {
        String answer = api.execute("show servers state " + backend);
        if (answer.startsWith("Can't find backend")) {
            throw new ActionFailedException("HAProxy at " + api.address() + " has no backend '" + backend + "': " + answer.strip());
        }
        Map<String, ServerState> byName = new LinkedHashMap<>();
        ServerState.parse(answer, backend, api.address()).forEach(s -> byName.put(s.name(), s));
        return byName;
    }

    private ServerState known(Map<String, ServerState> servers, String target) {
        ServerState state = servers.get(serverOf(target));
        if (state != null) return state;
        String mapped = serverByTarget.isEmpty() ? "" : " (mapped to server '" + serverOf(target) + "')";
        throw new ActionFailedException("HAProxy backend " + backend + " at " + api.address() + " has no server for target '"
                + target + "'" + mapped + "; it has " + servers.keySet() + ". Nothing was changed.");
    }

    private String serverOf(String target) {
        if (serverByTarget.isEmpty()) {
            if (!HaproxySettings.isName(target)) throw new ActionFailedException("not an HAProxy server name: '" + target + "'");
            return target;
        }
        String server = serverByTarget.get(target);
        if (server == null) {
            throw new ActionFailedException("unknown target '" + target + "' for HAProxy backend " + backend
                    + "; configured targets are " + serverByTarget.keySet());
        }
        return server;
    }

    static Map<String, Integer> scaled(Routes routes) {
        int total = routes.weights().values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            throw new ActionFailedException("refusing routes " + routes.weights() + ": every weight is 0, so no server would take traffic");
        }
        int max = routes.weights().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<String, Integer> scaled = new LinkedHashMap<>();
        routes.weights().forEach((target, w) -> scaled.put(target,
                max <= MAX_WEIGHT || w == 0 ? w : Math.max(1, (int) Math.round((double) w * MAX_WEIGHT / max))));
        return scaled;
    }
}
