package dev.rewind.integrations.gitops;

import dev.rewind.io.ChildProcess;
import dev.rewind.testing.RealServers;
import dev.rewind.testing.ServerReady;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code git daemon} serving every repository under {@code base} on a free loopback port, its output in a
 * file, started and awaited within {@link ServerReady#LIMIT}, and stopped (with its children) by {@link #close}.
 */
public final class GitDaemon implements AutoCloseable {
    public final int port;
    private final Process process;

    /** @param receivePack whether pushes are allowed (--enable=receive-pack) */
    public GitDaemon(Path base, Path log, boolean receivePack) throws IOException, InterruptedException {
        RealServers.requireBinary("git", "git");
        port = freePort();
        List<String> command = new ArrayList<>(List.of("git", "daemon", "--reuseaddr", "--export-all", "--informative-errors",
                "--base-path=" + base, "--listen=127.0.0.1", "--port=" + port));
        if (receivePack) command.add("--enable=receive-pack");
        command.add(base.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerReady.awaitListening("git daemon", process, log, port);
    }

    /** git://127.0.0.1:PORT/NAME.git */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name + ".git";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        ChildProcess.stop(process);
    }
}
