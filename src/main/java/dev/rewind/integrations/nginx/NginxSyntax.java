package dev.rewind.integrations.nginx;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What Rewind agrees to write into an nginx config or pass to nginx, said positively: anything else is
 * refused, because a value that ends a line or a block writes its own directives. Each check returns
 * null when the value is fine, or what was expected; the value itself is never part of the answer.
 */
final class NginxSyntax {
    static final int MAX_UPSTREAM_NAME = 100;
    static final int MAX_PATH = 4095;
    /** sun_path holds 108 bytes with its terminating NUL; nginx refuses longer socket paths. */
    static final int MAX_SOCKET_PATH = 107;
    /** Routes are shares of 100; nginx needs weight >= 1 and sums them in an int. */
    static final int MAX_WEIGHT = 1_000_000;

    private static final Pattern UPSTREAM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_UPSTREAM_NAME + "}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern SOCKET_PATH = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final String ADDRESS = "a server address: host:port (a hostname or IPv4 address, port 1-65535), "
            + "[IPv6]:port, or unix:/absolute/path of letters, digits, _ . - /";

    private NginxSyntax() {
    }

    static String upstreamNameProblem(String name) {
        return name != null && UPSTREAM_NAME.matcher(name).matches() ? null
                : "expected an upstream name of 1-" + MAX_UPSTREAM_NAME + " letters, digits, _ . -";
    }

    /** No parameters: the router owns weight= and down, and nothing else may follow the address. */
    static String addressProblem(String address) {
        if (address == null || address.isEmpty() || address.length() > 260) return "expected " + ADDRESS;
        if (address.startsWith("unix:")) {
            String path = address.substring("unix:".length());
            return path.length() <= MAX_SOCKET_PATH && SOCKET_PATH.matcher(path).matches() && !path.contains("/../") && !path.endsWith("/..")
                    ? null : "expected " + ADDRESS + " (a socket path of at most " + MAX_SOCKET_PATH + " characters, no ..)";
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || !portFits(address.substring(colon + 1))) return "expected " + ADDRESS;
        String host = address.substring(0, colon);
        boolean fits = host.startsWith("[") ? ipv6Fits(host) : host.matches("[0-9.]+") ? IPV4.matcher(host).matches() : hostnameFits(host);
        return fits ? null : "expected " + ADDRESS;
    }

    /** weight=N (1..MAX_WEIGHT) or down: the only parameters the router renders. */
    static String parameterProblem(String parameter) {
        if ("down".equals(parameter)) return null;
        if (parameter != null && parameter.matches("weight=[1-9][0-9]{0,6}") && Integer.parseInt(parameter.substring(7)) <= MAX_WEIGHT) return null;
        return "expected a server parameter weight=1.." + MAX_WEIGHT + " or down";
    }

    /** Absolute, normal (no . or .. segments), no control characters, at most {@link #MAX_PATH} characters. */
    static String pathProblem(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_PATH) return "expected an absolute path of at most " + MAX_PATH + " characters";
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029')) {
            return "expected a path without control characters or line breaks";
        }
        Path p = Path.of(path);
        if (!p.isAbsolute()) return "expected an absolute path (starting with /)";
        if (!p.normalize().equals(p)) return "expected a path without . or .. segments";
        return null;
    }

    private static boolean portFits(String port) {
        return PORT.matcher(port).matches() && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
    }

    private static boolean hostnameFits(String host) {
        if (host.isEmpty() || host.length() > 253) return false;
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) return false;
        }
        return true;
    }

    /** Brackets make InetAddress parse a literal or refuse: it never asks DNS. */
    private static boolean ipv6Fits(String host) {
        if (!host.endsWith("]") || !IPV6.matcher(host.substring(1, host.length() - 1)).matches()) return false;
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
