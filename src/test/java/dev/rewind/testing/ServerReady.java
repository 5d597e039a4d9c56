package dev.rewind.testing;

import dev.rewind.io.ChildProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Waits, bounded, for a real server a test started: until it answers, it exits, or the limit passes. When
 * it gives up it says what it waited for, how long, what the last attempt saw, and the end of the
 * server's log; it stops the server then, so a failed start leaves nothing running.
 */
public final class ServerReady {
    /** Generous: a cold start on a busy two-core machine, never a pause a test relies on. */
    public static final Duration LIMIT = Duration.ofSeconds(30);

    /** One attempt: null when the server is ready, otherwise what was seen ("status 503", "Connection refused"). */
    @FunctionalInterface
    interface Probe {
        String attempt();
    }

    private ServerReady() {
    }

    /** Until something accepts a TCP connection on 127.0.0.1:{@code port}. */
    public static void awaitListening(String server, Process process, Path log, int port) throws InterruptedException {
        awaitListening(server, process, log, port, LIMIT);
    }

    static void awaitListening(String server, Process process, Path log, int port, Duration limit) throws InterruptedException {
        await(server, process, log, limit, "a listener on 127.0.0.1:" + port, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return null;
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    /** Until a GET of {@code url} answers with a status that {@code ready} accepts. */
    public static void awaitHttp(String server, Process process, Path log, HttpClient client, URI url, IntPredicate ready)
            throws InterruptedException {
        await(server, process, log, LIMIT, "GET " + url + " to answer as ready", () -> {
            try {
                int status = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                return ready.test(status) ? null : "status " + status;
            } catch (IOException e) {
                return e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        });
    }

    static void await(String server, Process process, Path log, Duration limit, String waitedFor, Probe probe) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        String seen = "no attempt made";
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            seen = probe.attempt();
            if (seen == null) return;
            // the pause between attempts is a wait for the process, so an early exit is noticed at once
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(server + " exited with code " + process.exitValue() + " after "
                        + seconds(System.nanoTime() - started) + " while we waited for " + waitedFor + "; last attempt: " + seen
                        + "\nlast lines of " + log + ":\n" + Logs.lastLines(log, 30));
            }
        }
        ChildProcess.stop(process);
        throw new IllegalStateException(server + " was not ready after " + seconds(System.nanoTime() - started) + " (limit "
                + limit.toSeconds() + " s): waited for " + waitedFor + "; last attempt: " + seen
                + "\nlast lines of " + log + ":\n" + Logs.lastLines(log, 30));
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
