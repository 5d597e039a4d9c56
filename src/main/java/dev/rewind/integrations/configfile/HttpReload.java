package dev.rewind.integrations.configfile;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A reload endpoint ({@code POST /-/reload}, Prometheus-style). Plain HTTP only to this machine (loopback), where
 * nobody on the network can read or forge the call; anything else must be HTTPS. No credentials in the URL.
 */
final class HttpReload implements ReloadHook {
    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    HttpReload(URI url, Duration timeout) {
        String problem = problem(url);
        if (problem != null) throw new IllegalArgumentException(problem);
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Why a reload URL is refused, or null. */
    static String problem(URI url) {
        if (url.getUserInfo() != null) return "a reload URL may not carry credentials";
        if (url.getHost() == null) return "expected http://127.0.0.1:PORT/... or https://HOST/..., found '" + url + "'";
        if ("https".equals(url.getScheme())) return null;
        if (!"http".equals(url.getScheme())) return "expected an http or https URL, found '" + url.getScheme() + "'";
        return loopback(url.getHost()) ? null : "plain http is allowed to this machine only (127.0.0.1, ::1, localhost); use https for " + url.getHost();
    }

    private static boolean loopback(String host) {
        if (host.equals("localhost")) return true;
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) return false; // a name other than localhost could resolve anywhere
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String reload() {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) throw new ActionFailedException("reload POST " + url + " answered HTTP " + r.statusCode() + "; the restored file is in place");
            return "POST " + url + " -> " + r.statusCode();
        } catch (IOException e) {
            throw new UnreachableException(url.toString(), "reload POST failed: " + e.getMessage() + "; the restored file is in place", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailedException("interrupted while POSTing to " + url, e);
        }
    }
}
