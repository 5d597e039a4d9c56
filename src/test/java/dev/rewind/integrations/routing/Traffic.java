package dev.rewind.integrations.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Real requests through a proxy, one connection each (HTTP/1.0), so every request is balanced on its
 * own and counts follow the weights. The count key is the body ("blue") or "status NNN" for errors.
 */
public final class Traffic {
    private Traffic() {}

    public static Map<String, Integer> send(int port, int requests) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < requests; i++) counts.merge(request(port), 1, Integer::sum);
        return counts;
    }

    public static String request(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring(9, 12);
            return status.equals("200") ? response.substring(response.indexOf("\r\n\r\n") + 4).strip() : "status " + status;
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
