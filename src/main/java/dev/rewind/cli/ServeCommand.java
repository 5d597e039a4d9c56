package dev.rewind.cli;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import dev.rewind.config.ServerConfig;
import dev.rewind.console.StagePrinter;
import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.controller.FleetSettings;
import dev.rewind.controller.JournalDeliveryLog;
import dev.rewind.controller.Ownership;
import dev.rewind.report.CompositeNotifier;
import dev.rewind.report.LogNotifier;
import dev.rewind.report.notify.NotificationDispatcher;
import dev.rewind.server.MetricsEndpoint;
import dev.rewind.server.ServerMetrics;
import dev.rewind.server.ServerRuntime;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import dev.rewind.time.TimeSource;
import dev.rewind.wiring.FleetEnvironments;
import dev.rewind.wiring.Notifications;
import dev.rewind.wiring.ReleaseSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rewind serve}: the long-running controller. Every configured environment is built and checked first (exit 2
 * on a problem, before anything listens); then releases registered through the API are watched, rolled back, and
 * shown on the dashboard. SIGTERM stops it cleanly: running rollbacks stop between steps and their journals say where;
 * another replica, or the next start, resumes them. On a PostgreSQL store several servers run as replicas: each service
 * is owned by one of them through a lease, and a replica that dies is taken over by the others.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run Rewind as a server: REST API under /api/v1, dashboard, event stream, every release watched.",
                "Create an API token first: bin/rewind token create --role admin --name you"})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "environments, policy, notifications and the server: block")
    Path config;

    @Option(names = "--store", paramLabel = "FILE|URL", description = "SQLite file or jdbc:postgresql:// URL (default: server.store, else .rewind/rewind.db)")
    String store;

    @Option(names = "--host", paramLabel = "HOST", description = "address to listen on (default: server.host, else 127.0.0.1)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on, 0 for any free one (default: server.port, else 8080)")
    Integer port;

    @Option(names = "--out", defaultValue = "rewind-out", paramLabel = "DIR", description = "report folder (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--replica-id", paramLabel = "ID", description = "this replica's name in leases and journals (default: host-pid-random)")
    String replicaId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RewindConfig cfg = ConfigLoader.load(config);
        ServerConfig sc = cfg.server();
        if (port != null && (port < 0 || port > 65535)) throw new dev.rewind.model.BadInputException("--port", 0, "port", "expected 0..65535");
        TimeSource time = new SystemTimeSource();
        StagePrinter out = StagePrinter.forConsole(spec.commandLine().getOut());
        var channels = Notifications.channels(cfg, time.clock());
        String where = store != null ? store : sc.store() != null ? sc.store() : RewindStore.DEFAULT_PATH.toString();
        RewindStore rewindStore = RewindStore.open(where);
        rewindStore.warnings().forEach(w -> out.line(Mark.WARN, w));
        ServerMetrics metrics = new ServerMetrics(time.clock());
        ServeConsole console = new ServeConsole(out, time.clock());
        JournalDeliveryLog deliveries = new JournalDeliveryLog(rewindStore.journal(), metrics);
        Notifications notifications = channels.isEmpty() ? Notifications.off(cfg) : Notifications.start(cfg, channels, deliveries, time.clock());
        FleetEnvironments envs = FleetEnvironments.build(cfg, time, new CompositeNotifier(new LogNotifier(), notifications));
        FleetSettings settings = new FleetSettings(sc.watchFor(), sc.approvalTimeout(),
                FleetSettings.OnApprovalTimeout.valueOf(sc.onTimeout().toUpperCase(Locale.ROOT)), outDir, sc.resumeWithin());
        String bindHost = host != null ? host : sc.host();
        int bindPort = port != null ? port : sc.port();
        if (replicaId != null && !replicaId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new dev.rewind.model.BadInputException("--replica-id", 0, "replica-id", "expected 1 to 64 letters, digits, '.', '_' or '-', found '" + replicaId + "'");
        }
        String replica = replicaId != null ? replicaId : Ownership.newReplicaId();
        Ownership.Timing timing = new Ownership.Timing(sc.lease(), sc.leaseRenew());
        boolean replicas = rewindStore.path() == null; // PostgreSQL: other servers may share the store
        Ownership ownership = replicas ? Ownership.shared(rewindStore.leases(), replica, timing, time, null)
                : Ownership.single(rewindStore.leases(), replica, timing, time);
        ServerRuntime runtime = ServerRuntime.start(rewindStore, envs.environments(), settings, time, bindHost, bindPort, sc.maxBodyBytes(),
                List.of(metrics, console), List.of(new MetricsEndpoint(metrics)), ownership);
        metrics.watch(runtime.fleet());
        ReleaseSources sources; // Deployments watched for new revisions (release_source:)
        try {
            sources = ReleaseSources.start(runtime.fleet());
        } catch (RuntimeException e) {
            runtime.close(); // a release source that cannot be set up (a missing kubeconfig) stops the server it was for
            throw e;
        }
        // deliveries are written to the journal by one thread, apart from the rollbacks that cause them
        ScheduledExecutorService journaler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rewind-deliveries").daemon().factory());
        journaler.scheduleWithFixedDelay(deliveries::writePending, 5, 5, TimeUnit.SECONDS);

        out.title("⟲ Rewind serving on http://" + bindHost + ":" + runtime.port());
        out.field("  Environments", String.join(", ", envs.environments().keySet()));
        out.field("  Store", rewindStore.display());
        out.field("  Replica", replica + (replicas ? " (one of the replicas sharing this store; leases of " + StagePrinter.human(sc.lease())
                + ", renewed every " + StagePrinter.human(sc.leaseRenew()) + "; owns now: "
                + (ownership.services().isEmpty() ? "nothing yet" : String.join(", ", ownership.services())) + ")" : " (the only server on this store)"));
        out.field("  Watch", "each release for " + StagePrinter.human(sc.watchFor()) + "; approvals wait " + StagePrinter.human(sc.approvalTimeout())
                + ", then " + sc.onTimeout());
        out.field("  API", "http://" + bindHost + ":" + runtime.port() + "/api/v1 (OpenAPI: /openapi.json), dashboard: http://" + bindHost + ":" + runtime.port() + "/");
        if (sources.size() > 0) {
            out.field("  Release sources", sources.size() + " Kubernetes Deployment(s) watched for new revisions" + (replicas
                    ? " by whichever replica holds lease " + ReleaseSources.LEASE + "ENVIRONMENT; this one watches: "
                    + (sources.watching().isEmpty() ? "none yet" : String.join(", ", sources.watching())) : ""));
        }
        envs.notes().forEach(n -> out.line(Mark.WARN, n));
        notifications.notes().forEach(n -> out.line(Mark.WARN, n));
        if (rewindStore.tokens().list().stream().noneMatch(t -> t.active())) {
            out.line(Mark.WARN, "no API token exists yet: create one with bin/rewind token create --role admin --name you --store " + where);
        }
        out.out().flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            console.print(Mark.WARN, "stopping: no new checks; a running rollback stops before its next step (at most "
                    + StagePrinter.human(ServerRuntime.STOP_BOUND) + ")");
            sources.close();
            runtime.close();
            journaler.shutdownNow();
            notifications.close(NotificationDispatcher.DEFAULT_CLOSE_BOUND);
            deliveries.writePending();
            rewindStore.close();
            metrics.close();
            console.print(Mark.OK, "stopped; the store is closed");
            stopped.countDown();
        }, "rewind-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        stopped.await();
        return 0;
    }
}
