package dev.rewind.act;

import dev.rewind.secrets.UrlCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * Reachability by TCP connect: a dependency is {@code host:port} or a URL (port from the scheme when absent).
 * A connect proves the port answers, not that the service behind it is well: health is the probe's job.
 */
public final class TcpReachabilityProbe implements ReachabilityProbe {
    private final Duration timeout;

    public TcpReachabilityProbe(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String problem(String dependency) {
        InetSocketAddress address;
        try {
            address = address(dependency);
        } catch (IllegalArgumentException e) {
            return "cannot read '" + UrlCredentials.strip(dependency) + "' as host:port or URL";
        }
        try (Socket s = new Socket()) {
            s.connect(address, (int) timeout.toMillis());
            return null;
        } catch (IOException e) {
            return address.getHostString() + ":" + address.getPort() + " unreachable: " + e.getMessage();
        }
    }

    static InetSocketAddress address(String dependency) {
        if (dependency.contains("://")) {
            URI uri = URI.create(dependency);
            int port = uri.getPort() != -1 ? uri.getPort() : switch (uri.getScheme()) {
                case "https" -> 443;
                case "http" -> 80;
                case "postgresql", "postgres" -> 5432;
                case "redis" -> 6379;
                default -> throw new IllegalArgumentException("no port");
            };
            if (uri.getHost() == null) throw new IllegalArgumentException("no host");
            return new InetSocketAddress(uri.getHost(), port);
        }
        int colon = dependency.lastIndexOf(':');
        if (colon < 1) throw new IllegalArgumentException("no port");
        return new InetSocketAddress(dependency.substring(0, colon), Integer.parseInt(dependency.substring(colon + 1)));
    }
}
