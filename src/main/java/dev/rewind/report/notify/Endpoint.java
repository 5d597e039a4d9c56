package dev.rewind.report.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a channel sends, checked positively: https to any host, or plain http only to this machine (tests and
 * local relays). Error messages never repeat the URL: for Slack the URL itself is the secret.
 */
public final class Endpoint {
    private Endpoint() {
    }

    /** @throws IllegalArgumentException saying what was expected, without the URL */
    public static URI check(String raw) {
        if (raw == null || raw.isBlank()) throw new IllegalArgumentException("expected an https:// URL, found nothing");
        URI uri;
        try {
            uri = new URI(raw.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an https:// URL, found text that is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getHost().isBlank()) throw new IllegalArgumentException("expected an https:// URL with a host, found none");
        if (uri.getRawUserInfo() != null) throw new IllegalArgumentException("expected a URL without user:password@ (give credentials as their own setting)");
        if (uri.getRawFragment() != null) throw new IllegalArgumentException("expected a URL without a #fragment");
        if (scheme.equals("https")) return uri;
        if (scheme.equals("http") && isLoopback(uri.getHost())) return uri;
        if (scheme.equals("http")) throw new IllegalArgumentException("expected https:// (plain http:// only to a loopback address), found http:// to " + uri.getHost());
        throw new IllegalArgumentException("expected an https:// URL, found scheme '" + scheme + "'");
    }

    /** Literal loopback addresses and localhost; no name is looked up in DNS. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return true;
        if (!h.matches("[0-9.]+") && !h.contains(":")) return false;
        try {
            return InetAddress.getByName(h).isLoopbackAddress(); // a literal address: parsed, not resolved
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** scheme://host:port, for messages: never the path or query, which can hold a token. */
    public static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}
