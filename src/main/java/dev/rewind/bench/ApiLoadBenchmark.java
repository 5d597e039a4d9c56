package dev.rewind.bench;

import dev.rewind.act.Actuators;
import dev.rewind.act.Strategy;
import dev.rewind.config.DefaultPolicy;
import dev.rewind.config.EnvironmentConfig;
import dev.rewind.config.ServerConfig;
import dev.rewind.controller.FleetEnvironment;
import dev.rewind.controller.FleetSettings;
import dev.rewind.integrations.builtin.BuiltinFlagStore;
import dev.rewind.model.RollbackPolicy;
import dev.rewind.model.VerificationPolicy;
import dev.rewind.server.ServerRuntime;
import dev.rewind.store.ApiTokens;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code rewind bench api}: the REST API of {@code serve} under many clients at once. A real server on loopback
 * (the same {@link ServerRuntime}, a fresh SQLite store or the PostgreSQL one given) with one environment per client,
 * watched on the in-process metric source; each client, a virtual thread with java.net.http, registers a new release
 * of its environment and reads the release list, again and again until the time is up. Then every registration the
 * API acknowledged is looked up in the store: one missing is a lost registration.
 */
public final class ApiLoadBenchmark {
    /** @param store null for a fresh SQLite file in {@code dir}, else a SQLite path or a jdbc:postgresql:// URL */
    public record Settings(int clients, Duration duration, String store, long seed, Path dir) {
        public Settings {
            if (clients < 1 || clients > 10_000) throw new IllegalArgumentException("clients: expected 1..10000, found " + clients);
            if (duration.toMillis() < 100) throw new IllegalArgumentException("duration must be at least 100 ms");
        }
    }

    /** One kind of call's figures. */
    public record Calls(long count, long errors, double p50Ms, double p99Ms, double maxMs) {
    }

    /** @param errorSamples the first few errors, as the clients saw them */
    /** @param stored the clients' releases the store holds after the run, counted there (the previous versions aside) */
    public record Result(Settings settings, double seconds, Calls registrations, Calls reads, long acknowledged, long lost, long stored,
                         List<String> errorSamples, String store) {
        public long requests() {
            return registrations.count() + reads.count();
        }

        public boolean clean() {
            return registrations.errors() == 0 && reads.errors() == 0 && lost == 0;
        }
    }

    private record Acknowledged(String environment, String service, String version) {
    }

    private final Settings settings;
    private final ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong registerErrors = new AtomicLong(), readErrors = new AtomicLong();
    private final List<long[]> registerNanos = Collections.synchronizedList(new ArrayList<>());
    private final List<long[]> readNanos = Collections.synchronizedList(new ArrayList<>());

    public ApiLoadBenchmark(Settings settings) {
        this.settings = settings;
    }

    public Result run(Consumer<String> progress) throws InterruptedException {
        SystemTimeSource time = new SystemTimeSource();
        SyntheticFleetMetrics metrics = new SyntheticFleetMetrics(settings.seed(), Duration.ofSeconds(15), 20);
        RollbackPolicy policy = new RollbackPolicy(true, Duration.ofSeconds(10), DefaultPolicy.BASELINE_WINDOW, DefaultPolicy.triggers(),
                DefaultPolicy.MAX_ROLLBACK_ATTEMPTS, DefaultPolicy.HEALTH_CHECK_TIMEOUT, null, VerificationPolicy.SEED_000);
        BuiltinFlagStore flags = new BuiltinFlagStore();
        Map<String, FleetEnvironment> environments = new LinkedHashMap<>();
        for (int c = 0; c < settings.clients(); c++) {
            flags.define("flag-" + c, true);
            EnvironmentConfig cfg = new EnvironmentConfig("env-" + c, "svc-" + c, "feature_flag", false, "flag-" + c, null, null, null, null, null,
                    List.of(), List.of(), "bench", 0);
            environments.put(cfg.name(), new FleetEnvironment(cfg, Strategy.FEATURE_FLAG, Optional.of(metrics), Actuators.none().withFlags(flags), policy));
        }
        String where = settings.store() != null ? settings.store() : settings.dir().resolve("rewind.db").toString();
        try (RewindStore store = RewindStore.open(where);
             ServerRuntime runtime = ServerRuntime.start(store, environments, FleetSettings.defaults(settings.dir().resolve("out")), time,
                     "127.0.0.1", 0, ServerConfig.DEFAULTS.maxBodyBytes(), List.of(), List.of())) {
            String token = store.tokens().create("bench-api", ApiTokens.Role.OPERATOR, "bench", time.now()).secret();
            URI base = URI.create("http://127.0.0.1:" + runtime.port());
            progress.accept("server on " + base + ", store " + store.display() + "; " + settings.clients() + " clients for "
                    + settings.duration().toSeconds() + " s");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            long start = System.nanoTime();
            long deadline = start + settings.duration().toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                int client = c;
                clients.add(Thread.ofVirtual().name("bench-client-" + c).start(() -> client(http, base, token, client, metrics, deadline)));
            }
            for (Thread t : clients) t.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            long lost = acknowledged.stream().filter(a -> store.releases().find(a.service(), a.environment(), a.version()).isEmpty()).count();
            long stored = 0;
            for (int c = 0; c < settings.clients(); c++) {
                stored += store.releases().list("svc-" + c, "env-" + c).stream().filter(r -> r.version().startsWith("1.")).count();
            }
            return new Result(settings, seconds, calls(registerNanos, registerErrors.get()), calls(readNanos, readErrors.get()),
                    acknowledged.size(), lost, stored, List.copyOf(errors), store.display());
        }
    }

    /** One client: register a release of its own environment, read the release list; until the deadline. */
    private void client(HttpClient http, URI base, String token, int client, SyntheticFleetMetrics metrics, long deadline) {
        List<Long> registers = new ArrayList<>(), reads = new ArrayList<>();
        String previous = "0." + client + ".0";
        for (int n = 1; System.nanoTime() < deadline; n++) {
            String version = "1." + client + "." + n;
            metrics.release(((long) client << 32) + n, previous, version, Instant.now());
            String body = "{\"environment\":\"env-" + client + "\",\"version\":\"" + version + "\",\"previous\":\"" + previous + "\"}";
            HttpRequest register = HttpRequest.newBuilder(base.resolve("/api/v1/releases")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            if (call(http, register, 201, registers, registerErrors)) {
                acknowledged.add(new Acknowledged("env-" + client, "svc-" + client, version));
                previous = version;
            }
            HttpRequest read = HttpRequest.newBuilder(base.resolve("/api/v1/releases?limit=20")).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).GET().build();
            call(http, read, 200, reads, readErrors);
        }
        registerNanos.add(registers.stream().mapToLong(Long::longValue).toArray());
        readNanos.add(reads.stream().mapToLong(Long::longValue).toArray());
    }

    private boolean call(HttpClient http, HttpRequest request, int expected, List<Long> nanos, AtomicLong failures) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            nanos.add(System.nanoTime() - t0);
            if (response.statusCode() == expected) return true;
            failed(failures, request.method() + " " + request.uri().getPath() + " answered " + response.statusCode() + ": " + cut(response.body()));
        } catch (java.io.IOException e) {
            failed(failures, request.method() + " " + request.uri().getPath() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(failures, request.method() + " " + request.uri().getPath() + " interrupted");
        }
        return false;
    }

    private void failed(AtomicLong failures, String what) {
        failures.incrementAndGet();
        if (errors.size() < 10) errors.add(what);
    }

    private static String cut(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static Calls calls(List<long[]> perClient, long errors) {
        long[] all = perClient.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        if (all.length == 0) return new Calls(0, errors, Double.NaN, Double.NaN, Double.NaN);
        return new Calls(all.length, errors, at(all, 0.50) / 1e6, at(all, 0.99) / 1e6, all[all.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
