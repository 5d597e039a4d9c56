package dev.rewind.integrations.gitops;

import dev.rewind.io.ChildProcess;
import dev.rewind.testing.RealServers;
import dev.rewind.testing.ServerReady;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code git daemon} serving every repository under {@code base} on a free loopback port, its output in a
 * file, started and awaited within {@link ServerReady#LIMIT}, and stopped (with its children) by {@link #close}.
 */
public final class GitDaemon implements AutoCloseable {
    /** Tries at a fresh port when the one picked was bound by another process before git daemon could bind it. */
    private static final int PORT_ATTEMPTS = 5;

    public final int port;
    private final Process process;

    private record Started(Process process, int port) {
    }

    /** @param receivePack whether pushes are allowed (--enable=receive-pack) */
    public GitDaemon(Path base, Path log, boolean receivePack) throws IOException, InterruptedException {
        RealServers.requireBinary("git", "git");
        Started started = start(base, log, receivePack);
        port = started.port();
        process = started.process();
    }

    private static Started start(Path base, Path log, boolean receivePack) throws IOException, InterruptedException {
        // a free port is only free when picked: another process may bind it first; git daemon then exits saying so
        IllegalStateException taken = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int picked = freePort();
            List<String> command = new ArrayList<>(List.of("git", "daemon", "--reuseaddr", "--export-all", "--informative-errors",
                    "--base-path=" + base, "--listen=127.0.0.1", "--port=" + picked));
            if (receivePack) command.add("--enable=receive-pack");
            command.add(base.toString());
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                ServerReady.awaitListening("git daemon", child, log, picked);
                return new Started(child, picked);
            } catch (IllegalStateException failed) {
                ChildProcess.stop(child);
                if (!Files.readString(log).contains("Address already in use")) throw failed;
                taken = failed;
            }
        }
        throw new IllegalStateException("git daemon found its port taken in each of " + PORT_ATTEMPTS + " attempts", taken);
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
