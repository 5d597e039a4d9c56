package dev.rewind.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One version of the demo's shop service, run as its own process on loopback. The old version and the
 * new one are the same program started with different versions and faults: the difference is real
 * behaviour (failed requests, slow queries, held memory, leaked connections), measured from outside.
 *
 * <p>Memory is accounted against a fixed budget, like a container limit: a ballast of 45% is allocated
 * at start, and the leak holds real byte arrays on top of it.
 */
public final class DemoService {
    static final String FLAG_HEADER = "X-Feature-New-Checkout";
    private static final int BUDGET_BYTES = 64 * 1024 * 1024;
    private static final int LEAK_PER_REQUEST = 96 * 1024;
    private static final int POOL_SIZE = 10;

    private final String version;
    private final Fault fault;
    private final HttpServer server;
    private final byte[] ballast = new byte[(int) (BUDGET_BYTES * 0.45)];
    private final List<byte[]> leaked = new ArrayList<>();
    private final AtomicLong leakedBytes = new AtomicLong();
    private final Semaphore pool = new Semaphore(POOL_SIZE);
    private final AtomicLong dbConnectionErrors = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    public DemoService(String version, Fault fault, int port) throws IOException {
        this.version = version;
        this.fault = fault;
        ballast[ballast.length - 1] = 1; // touch it so the pages are really there
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/orders", this::orders);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private void orders(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        boolean newPath = "on".equalsIgnoreCase(ex.getRequestHeaders().getFirst(FLAG_HEADER));
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (memoryPercent() >= 99.0) {
            respond(ex, 503, "{\"error\":\"out of memory\"}");
            return;
        }
        long workMicros = 30_000 + rnd.nextLong(10_000);
        Fault active = newPath ? fault : Fault.NONE;
        switch (active) {
            case LATENCY -> workMicros += 60_000 + rnd.nextLong(20_000);
            case MEMORY_LEAK -> leak();
            case DB_CONNECTIONS -> {
                if (!useConnection(rnd.nextDouble() < 0.25)) {
                    // no connection: serve the cached answer, as the real shop would, and count the error
                    work(20_000);
                    respond(ex, 200, "{\"orders\":[],\"degraded\":true,\"version\":\"" + version + "\"}");
                    return;
                }
            }
            default -> { }
        }
        work(workMicros);
        boolean fails = active == Fault.ERROR_SPIKE && rnd.nextDouble() < 0.20;
        if (fails) {
            respond(ex, 500, "{\"error\":\"internal\"}");
        } else {
            respond(ex, 200, "{\"orders\":[1,2,3],\"version\":\"" + version + "\"}");
        }
    }

    private boolean useConnection(boolean forgetToReturn) {
        try {
            if (!pool.tryAcquire(30, TimeUnit.MILLISECONDS)) {
                dbConnectionErrors.incrementAndGet();
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!forgetToReturn) pool.release();
        return true;
    }

    private void leak() {
        synchronized (leaked) {
            // the leak levels off just under the budget, where a real container would be about to be OOM-killed
            if (leakedBytes.get() + LEAK_PER_REQUEST < BUDGET_BYTES * 0.97 - ballast.length) {
                byte[] buffer = new byte[LEAK_PER_REQUEST];
                buffer[0] = 1;
                leaked.add(buffer);
                leakedBytes.addAndGet(LEAK_PER_REQUEST);
            }
        }
    }

    /** Simulated I/O wait: parks the virtual thread, burns no CPU. */
    private static void work(long micros) {
        LockSupport.parkNanos(micros * 1_000);
    }

    double memoryPercent() {
        return 100.0 * (ballast.length + leakedBytes.get()) / BUDGET_BYTES;
    }

    private void health(HttpExchange ex) throws IOException {
        boolean ok = memoryPercent() < 99.0 && pool.availablePermits() > 0;
        respond(ex, ok ? 200 : 503, String.format(Locale.ROOT,
                "{\"status\":\"%s\",\"version\":\"%s\"}", ok ? "healthy" : "unhealthy", version));
    }

    private void metrics(HttpExchange ex) throws IOException {
        respond(ex, 200, String.format(Locale.ROOT,
                "{\"version\":\"%s\",\"memory_usage_percent\":%.2f,\"db_connection_errors_total\":%d,\"requests_total\":%d,\"pool_available\":%d}",
                version, memoryPercent(), dbConnectionErrors.get(), requests.get(), pool.availablePermits()));
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Entry point of the service process: {@code --version V --port P --fault NAME}. Prints "READY port" when listening. */
    public static void main(String[] args) throws IOException {
        String version = "0.0.0";
        int port = 0;
        Fault fault = Fault.NONE;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--version" -> version = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--fault" -> fault = Fault.ofScenario(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        DemoService service = new DemoService(version, fault, port);
        service.start();
        System.out.println("READY " + service.port());
        System.out.flush();
    }
}
