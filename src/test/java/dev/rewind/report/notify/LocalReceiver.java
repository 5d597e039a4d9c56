package dev.rewind.report.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP receiver on 127.0.0.1 that records every request and answers from a script (500, 500, 200, ...; the
 * last answer repeats). {@link #hold()} makes it take requests and not answer until {@link #release()}.
 */
public final class LocalReceiver implements AutoCloseable {
    public record Request(String method, String path, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> script = new ArrayDeque<>();
    private volatile String answerBody = "ok";
    private volatile CountDownLatch held = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);

    public LocalReceiver(Integer... statuses) {
        script.addAll(List.of(statuses.length == 0 ? new Integer[] {200} : statuses));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public LocalReceiver answering(String body) {
        this.answerBody = body;
        return this;
    }

    /** From now on requests are taken and left unanswered until {@link #release()}. */
    public LocalReceiver hold() {
        held = new CountDownLatch(1);
        return this;
    }

    public void release() {
        held.countDown();
    }

    /** Waits (bounded) until a first request has arrived. */
    public boolean awaitFirst(long seconds) throws InterruptedException {
        return entered.await(seconds, TimeUnit.SECONDS);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body));
        entered.countDown();
        try {
            held.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int status;
        synchronized (script) {
            status = script.size() > 1 ? script.removeFirst() : script.getFirst();
        }
        byte[] out = answerBody.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
