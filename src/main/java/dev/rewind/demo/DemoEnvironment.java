package dev.rewind.demo;

import dev.rewind.wiring.EmbeddedWorld;
import dev.rewind.act.FlagSwitch;
import dev.rewind.act.Routes;
import dev.rewind.time.TimeSource;
import dev.rewind.verify.HealthProbe;
import dev.rewind.verify.HttpHealthProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * The embedded world of the demo: the shop service's versions as separate processes on loopback, a
 * router with the release's feature flag in front of them, a monitoring poller, and steady user load.
 * Everything binds to 127.0.0.1 on ephemeral ports and stops on {@link #close()}.
 */
public final class DemoEnvironment implements EmbeddedWorld, AutoCloseable {
    public static final String SERVICE = "shop";
    public static final String ENVIRONMENT = "demo";
    public static final String FLAG = "new-checkout";
    /** Built versions: two good ones, and the release under test whose flag-guarded code path has the scenario's fault. */
    public static final String OLDER = "2.2.0";
    public static final String STABLE = "2.3.1";
    public static final String CANDIDATE = "2.4.0";

    private final FlagSwitch flags;
    private final DemoMetrics metrics;
    private final ServiceSupervisor supervisor;
    private final DemoRouter router;
    private final ServicePoller poller;
    private LoadGenerator load;

    public DemoEnvironment(Fault fault, FlagSwitch flags, TimeSource time, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        this.flags = flags;
        metrics = new DemoMetrics(time);
        router = new DemoRouter(flags, FLAG, metrics);
        Map<String, Fault> catalog = new LinkedHashMap<>();
        catalog.put(OLDER, Fault.NONE);
        catalog.put(STABLE, Fault.NONE);
        catalog.put(CANDIDATE, fault);
        supervisor = new ServiceSupervisor(SERVICE, catalog, workDir, router::backend);
        poller = new ServicePoller(this::runningAddresses, metrics, Duration.ofMillis(500));
    }

    /** Starts {@code version} and sends it all traffic. */
    public void serve(String version) {
        supervisor.deploy(SERVICE, version);
        router.setRoutes(Routes.allTo(version));
    }

    /**
     * Sends {@code requests} straight to a fresh version (not through the router, without the flag) so its
     * JIT is warm before users reach it: a cold JVM's first seconds are slow, which is not the release's fault.
     * Returns the number of requests answered.
     */
    public int warmUp(String version, int requests) {
        URI target = supervisor.address(version).resolve("/api/orders");
        try (HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
            List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(client.sendAsync(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()));
                if (calls.size() == 50) { // 50 in flight at a time: warm, not a flood
                    calls.forEach(CompletableFuture::join);
                    calls.clear();
                }
            }
            calls.forEach(CompletableFuture::join);
        }
        return requests;
    }

    public void startLoad(int requestsPerSecond, Duration maxDuration) {
        load = new LoadGenerator(router.address(), requestsPerSecond, maxDuration);
    }

    private Map<String, URI> runningAddresses() {
        Map<String, URI> out = new LinkedHashMap<>();
        for (String v : new String[] {OLDER, STABLE, CANDIDATE}) {
            if (supervisor.isRunning(v)) out.put(v, supervisor.address(v));
        }
        return out;
    }

    public FlagSwitch flags() {
        return flags;
    }

    public DemoMetrics metrics() {
        return metrics;
    }

    public ServiceSupervisor supervisor() {
        return supervisor;
    }

    public DemoRouter router() {
        return router;
    }

    public LoadGenerator load() {
        return load;
    }

    public HealthProbe healthProbe() {
        return new HttpHealthProbe(v -> {
            URI base = supervisor.address(v);
            return base == null ? null : base.resolve("/health");
        });
    }

    /** The address users (and smoke tests) reach the service at. */
    public URI publicAddress() {
        return router.address();
    }

    @Override
    public void close() {
        if (load != null) load.close();
        poller.close();
        router.close();
        supervisor.close();
    }
}
