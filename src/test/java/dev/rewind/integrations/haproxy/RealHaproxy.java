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

    public RealHaproxy(Path dir, String bluePort, String greenPort) throws IOException, InterruptedException {
        Path binary = RealServers.requireBinary("haproxy", "haproxy");
        adminSocket = dir.resolve("admin.sock");
        frontendPort = Traffic.freePort();
        adminTcpPort = Traffic.freePort();
        userTcpPort = Traffic.freePort();
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, """
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
                """.formatted(adminSocket, adminTcpPort, userTcpPort, frontendPort, bluePort, greenPort));
        Path log = dir.resolve("haproxy.log");
        process = new ProcessBuilder(binary.toString(), "-f", config.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerReady.awaitListening("haproxy", process, log, frontendPort);
        ServerReady.awaitListening("haproxy", process, log, adminTcpPort);
    }

    @Override
    public void close() {
        ChildProcess.stop(process);
    }
}
