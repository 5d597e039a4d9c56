package dev.rewind.integrations.haproxy;

import dev.rewind.integrations.routing.Traffic;
import dev.rewind.io.ChildProcess;
import dev.rewind.testing.RealServers;
import dev.rewind.testing.ServerReady;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real HAProxy 2.6 in the foreground (-db) with its own config in a temp dir: one frontend, backend
 * be_app with servers blue (weight 100) and green (weight 0), an admin Unix socket, an admin TCP socket
 * and a user-level TCP socket.
 */
public final class RealHaproxy implements AutoCloseable {
    public final Path adminSocket;
    public final int frontendPort;
    final int adminTcpPort;
    final int userTcpPort;
    private final Process process;

    /** Tries with fresh ports when one picked was bound by another process before HAProxy could bind it. */
    static final int PORT_ATTEMPTS = 5;

    private record Started(Process process, int frontend, int adminTcp, int userTcp) {
    }

    /** Server lines after blue and green (a maintenance page server at weight 0), or "". */
    private final String extraServers;

    public RealHaproxy(Path dir, String bluePort, String greenPort) throws IOException, InterruptedException {
        this(dir, bluePort, greenPort, null);
    }

    /** With a third server {@code maint} at weight 0 in be_app: the maintenance page a rollback sends users to. */
    public RealHaproxy(Path dir, String bluePort, String greenPort, String maintPort) throws IOException, InterruptedException {
        extraServers = maintPort == null ? "" : "  server maint 127.0.0.1:" + maintPort + " weight 0\n";
        adminSocket = dir.resolve("admin.sock");
        Started started = start(dir, bluePort, greenPort);
        process = started.process();
        frontendPort = started.frontend();
        adminTcpPort = started.adminTcp();
        userTcpPort = started.userTcp();
    }

    private Started start(Path dir, String bluePort, String greenPort) throws IOException, InterruptedException {
        Path binary = RealServers.requireBinary("haproxy", "haproxy");
        Path config = dir.resolve("haproxy.cfg");
        Path log = dir.resolve("haproxy.log");
        IllegalStateException taken = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int frontend = Traffic.freePort();
            int adminTcp = Traffic.freePort();
            int userTcp = Traffic.freePort();
            Files.writeString(config, config(adminTcp, userTcp, frontend, bluePort, greenPort));
            Process started = new ProcessBuilder(binary.toString(), "-f", config.toString(), "-db")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                ServerReady.awaitListening("haproxy", started, log, frontend);
                ServerReady.awaitListening("haproxy", started, log, adminTcp);
                return new Started(started, frontend, adminTcp, userTcp);
            } catch (IllegalStateException failed) {
                ChildProcess.stop(started);
                // "Starting frontend fe: cannot bind socket (Address already in use)": a port picked was taken since
                if (!Files.readString(log).contains("cannot bind socket")) throw failed;
                taken = failed;
            }
        }
        throw new IllegalStateException("HAProxy found a port taken in each of " + PORT_ATTEMPTS + " attempts", taken);
    }

    private String config(int adminTcp, int userTcp, int frontend, String bluePort, String greenPort) {
        return """
                global
                  stats socket %s mode 600 level admin
                  stats socket ipv4@127.0.0.1:%d level admin
                  stats socket ipv4@127.0.0.1:%d level user
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 5s
                  timeout server 5s
                frontend fe
                  bind 127.0.0.1:%d
                  default_backend be_app
                backend be_app
                  balance roundrobin
                  server blue 127.0.0.1:%s weight 100
                  server green 127.0.0.1:%s weight 0
                """.formatted(adminSocket, adminTcp, userTcp, frontend, bluePort, greenPort) + extraServers;
    }

    /** The HAProxy process, for a fault test that stops and continues it. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ChildProcess.stop(process);
    }
}
