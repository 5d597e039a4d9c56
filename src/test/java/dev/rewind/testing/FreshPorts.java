package dev.rewind.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Locale;

/**
 * Starts a real server on a free loopback port. A port is only free when it is picked: another process may bind it
 * before the server does, and the server then stops saying so. The start is tried again on a new port, a bounded
 * number of times, when (and only when) its failure says the address was in use.
 */
public final class FreshPorts {
    public static final int ATTEMPTS = 5;

    private FreshPorts() {
    }

    @FunctionalInterface
    public interface Start<T> {
        /** Starts on {@code port}; a failure must quote what the server said (its log), so a taken port can be told. */
        T on(int port) throws Exception;
    }

    public static <T> T start(String what, Start<T> start) throws Exception {
        Exception taken = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return start.on(free());
            } catch (Exception e) {
                if (!portTaken(e)) throw e;
                taken = e;
            }
        }
        throw new IllegalStateException(what + " found its port taken in each of " + ATTEMPTS + " attempts", taken);
    }

    /** Whether the failure (or a cause) says the port was bound by someone else. */
    static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("address already in use") || m.contains("eaddrinuse")) return true;
        }
        return false;
    }

    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
