package dev.rewind.integrations.nginx;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.io.ChildProcess;
import dev.rewind.testing.FreshPorts;
import dev.rewind.testing.Logs;
import dev.rewind.testing.RealServers;
import dev.rewind.testing.ServerReady;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real nginx master (daemon off, master_process on) with its config, pid, logs and temp dirs in a temp
 * dir; the upstream block lives in its own included file, as the router expects.
 */
final class RealNginx implements AutoCloseable {
    final Path binary;
    final Path prefix;
    final Path conf;
    final Path upstreamFile;
    final Path pidFile;
    final int port;
    private final Process master;

    RealNginx(Path dir, String initialUpstream) throws IOException, InterruptedException {
        binary = RealServers.requireBinary("nginx", "nginx-light");
        prefix = dir;
        conf = dir.resolve("nginx.conf");
        upstreamFile = dir.resolve("upstream.conf");
        pidFile = dir.resolve("nginx.pid");
        Files.writeString(upstreamFile, initialUpstream);
        Started started;
        try {
            started = FreshPorts.start("nginx", p -> launch(dir, p));
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        port = started.port();
        master = started.master();
    }

    private record Started(int port, Process master) {
    }

    private Started launch(Path dir, int port) throws IOException, InterruptedException {
        Files.writeString(conf, """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  include %2$s;
                  server {
                    listen 127.0.0.1:%3$d;
                    location / { proxy_pass http://app; }
                  }
                }
                """.formatted(dir, upstreamFile, port));
        // nginx writes its start-up errors to error.log once the config is read, and to stderr before that
        Path out = dir.resolve("nginx.out");
        Files.deleteIfExists(dir.resolve("error.log"));
        Process process = new ProcessBuilder(binary.toString(), "-p", prefix.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            ServerReady.awaitListening("nginx", process, out, port);
            return new Started(port, process);
        } catch (IllegalStateException e) {
            ChildProcess.stop(process);
            throw new IllegalStateException(e.getMessage() + "\nlast lines of " + dir.resolve("error.log") + ":\n"
                    + Logs.lastLines(dir.resolve("error.log"), 20), e);
        }
    }

    IntegrationConfig config(Map<String, Object> extra, Map<String, String> servers) {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("upstream", "app", "upstream_file", upstreamFile.toString(),
                "conf", conf.toString(), "prefix", prefix.toString(), "nginx_binary", binary.toString(), "servers", servers));
        settings.putAll(extra);
        return new IntegrationConfig("nginx", settings, "rewind.yaml", 20, "environments.prod.router");
    }

    Set<Long> workers() {
        return master.children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** After a reload the old workers finish their requests and exit; until then some requests still see the old routes. */
    void awaitWorkersReplacing(Set<Long> old) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            Set<Long> now = workers();
            if (!now.isEmpty() && now.stream().noneMatch(old::contains)) return;
            Thread.sleep(50);
        }
        throw new IllegalStateException("nginx workers " + old + " were not replaced within 10 s; now " + workers());
    }

    @Override
    public void close() {
        ChildProcess.stop(master);
    }
}
