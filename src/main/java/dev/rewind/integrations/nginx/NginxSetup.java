package dev.rewind.integrations.nginx;

import dev.rewind.config.IntegrationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where an nginx router writes and what it runs. Every value is checked against what it must be
 * ({@link NginxSyntax}) before it can reach a config file or a command line.
 *
 * @param addressByTarget target (blue, green) to the upstream server address, in the order to render
 * @param binary          the absolute path of the nginx executable; never looked up on PATH
 * @param prefix          nginx's -p prefix, or null for the compiled-in one
 * @param pidFile         when set, reload by HUP to this pid once it is proven to be nginx's master; otherwise {@code nginx -s reload}
 */
public record NginxSetup(String upstream, Path upstreamFile, Path conf, Map<String, String> addressByTarget,
        String binary, Path prefix, Path pidFile, Duration timeout) {
    private static final Set<String> SETTINGS =
            Set.of("upstream", "upstream_file", "conf", "servers", "nginx_binary", "prefix", "pid_file", "timeout_seconds");
    private static final int MAX_TIMEOUT_SECONDS = 600;

    /** The same checks as {@link #from}, for setups built in code; from() names the config's file, line and field instead. */
    public NginxSetup {
        addressByTarget = Collections.unmodifiableMap(new LinkedHashMap<>(addressByTarget));
        if (addressByTarget.isEmpty()) throw new IllegalArgumentException("an nginx router needs at least one server");
        require("upstream", NginxSyntax.upstreamNameProblem(upstream));
        addressByTarget.forEach((target, address) -> require("servers." + target, NginxSyntax.addressProblem(address)));
        require("upstream_file", NginxSyntax.pathProblem(String.valueOf(upstreamFile)));
        require("conf", NginxSyntax.pathProblem(String.valueOf(conf)));
        require("nginx_binary", NginxSyntax.pathProblem(binary));
        if (prefix != null) require("prefix", NginxSyntax.pathProblem(prefix.toString()));
        if (pidFile != null) require("pid_file", NginxSyntax.pathProblem(pidFile.toString()));
        if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout: expected a positive duration");
    }

    private static void require(String field, String problem) {
        if (problem != null) throw new IllegalArgumentException("nginx router setting " + field + ": " + problem);
    }

    public static NginxSetup from(IntegrationConfig config) {
        config.allowOnly(SETTINGS);
        String upstream = config.requireString("upstream");
        check(config, "upstream", NginxSyntax.upstreamNameProblem(upstream));
        int seconds = config.integer("timeout_seconds", 10, 1, MAX_TIMEOUT_SECONDS);
        return new NginxSetup(upstream, path(config, "upstream_file", true), path(config, "conf", true), servers(config),
                binary(config), path(config, "prefix", false), path(config, "pid_file", false), Duration.ofSeconds(seconds));
    }

    private static Path path(IntegrationConfig config, String key, boolean required) {
        String value = required ? config.requireString(key) : config.string(key, null);
        if (value == null) return null;
        check(config, key, NginxSyntax.pathProblem(value));
        return Path.of(value);
    }

    /** An absolute path to an executable file: a bare "nginx" would run whatever PATH finds first. */
    private static String binary(IntegrationConfig config) {
        Path binary = path(config, "nginx_binary", false);
        if (binary == null) binary = Path.of("/usr/sbin/nginx");
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw config.error("nginx_binary", "expected the absolute path of the nginx executable (it is never looked up on PATH), found no executable file at " + binary);
        }
        return binary.toString();
    }

    private static Map<String, String> servers(IntegrationConfig config) {
        if (!(config.settings().get("servers") instanceof Map<?, ?> map) || map.isEmpty()) {
            throw config.error("servers", "expected a map of target: address (blue: \"127.0.0.1:8081\")");
        }
        Map<String, String> servers = new LinkedHashMap<>();
        map.forEach((target, address) -> {
            String value = address == null ? null : address.toString();
            check(config, "servers." + target, NginxSyntax.addressProblem(value));
            servers.put(target.toString(), value);
        });
        return servers;
    }

    /** The value is not repeated: it failed a check, and config values may come from secrets in the environment. */
    private static void check(IntegrationConfig config, String key, String problem) {
        if (problem != null) throw config.error(key, problem);
    }
}
