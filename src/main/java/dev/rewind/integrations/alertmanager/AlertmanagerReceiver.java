package dev.rewind.integrations.alertmanager;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.BadInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP endpoint Alertmanager's webhook_configs point at: 401 on bad auth, 400 naming the field on a
 * bad payload, 202 once the batches are handed to the consumer.
 */
public final class AlertmanagerReceiver implements AutoCloseable {
    public static final String DEFAULT_PATH = "/api/v1/alertmanager";
    /** A webhook call carries one alert group; Alertmanager's own limits keep it far below this. Larger bodies get 413, chunked or not. */
    static final long MAX_BODY_BYTES = 1_000_000;
    private static final String SOURCE = "alertmanager receiver";
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerReceiver.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String host;
    private final String path;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private Javalin app;

    private AlertmanagerReceiver(String host, String path) {
        this.host = host;
        this.path = path;
    }

    /**
     * Starts listening on {@code host}:{@code port} (0 picks a free port; see {@link #port()}). Without
     * authentication it listens on loopback only, checked on the address it binds and again on the socket.
     */
    public static AlertmanagerReceiver start(String host, int port, String path, AlertmanagerWebhook webhook,
                                             Consumer<AlertBatch> consumer) {
        return start(host, port, path, webhook, consumer, problem -> new BadInputException(SOURCE, 0, "host", problem));
    }

    private static AlertmanagerReceiver start(String host, int port, String path, AlertmanagerWebhook webhook,
                                              Consumer<AlertBatch> consumer, Function<String, BadInputException> refuse) {
        String bind = webhook.authenticates() ? host : loopbackLiteral(host, refuse);
        AlertmanagerReceiver receiver = new AlertmanagerReceiver(host, path);
        receiver.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.routes.post(path, ctx -> receiver.handle(ctx, webhook, consumer));
        });
        receiver.app.start(bind, port);
        if (!webhook.authenticates()) {
            String problem = receiver.notLoopback();
            if (problem != null) {
                receiver.app.stop();
                throw refuse.apply(problem);
            }
        }
        return receiver;
    }

    /** Resolved once, and the literal is what gets bound: a name cannot point elsewhere between the check and the bind. */
    private static String loopbackLiteral(String host, Function<String, BadInputException> refuse) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host == null ? "127.0.0.1" : host);
        } catch (UnknownHostException e) {
            throw refuse.apply("cannot resolve host '" + host + "'");
        }
        if (!address.isLoopbackAddress()) {
            throw refuse.apply("insecure_no_auth accepts every caller, so the receiver listens on loopback only (127.0.0.0/8 or ::1);"
                    + " host '" + host + "' is " + address.getHostAddress());
        }
        return address.getHostAddress();
    }

    /** What every listening socket is actually bound to must be loopback; null when it is, else what is wrong. */
    private String notLoopback() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (!(connector instanceof ServerConnector server) || !(server.getTransport() instanceof ServerSocketChannel channel)) {
                return "cannot tell which address " + connector + " listens on, so insecure_no_auth cannot be allowed";
            }
            try {
                if (!(channel.getLocalAddress() instanceof InetSocketAddress bound) || !bound.getAddress().isLoopbackAddress()) {
                    return "insecure_no_auth needs a loopback listener, but the receiver is bound to " + channel.getLocalAddress();
                }
            } catch (IOException e) {
                return "cannot read the receiver's bound address: " + e.getMessage();
            }
        }
        return null;
    }

    /** Calls refused for bad or missing credentials: a misconfigured Alertmanager shows up here. */
    public long rejectedCalls() {
        return rejected.get();
    }

    /** Calls accepted (202) and handed to the consumer. */
    public long acceptedCalls() {
        return accepted.get();
    }

    /** Starts from a {@code type: alertmanager} block; errors name its file, line and setting. */
    public static AlertmanagerReceiver start(IntegrationConfig config, Consumer<AlertBatch> consumer) {
        AlertmanagerSettings s = AlertmanagerSettings.from(config);
        return start(s.host(), s.port(), s.path(), new AlertmanagerWebhook(s.auth(), s.mapping()), consumer,
                problem -> config.error("host", problem));
    }

    public int port() {
        return app.port();
    }

    /** The URL to put in Alertmanager's webhook_configs. */
    public String url() {
        boolean ipv6 = host.contains(":") && !host.startsWith("[");
        return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + port() + path;
    }

    private void handle(Context ctx, AlertmanagerWebhook webhook, Consumer<AlertBatch> consumer) {
        byte[] body = ctx.bodyAsBytes();
        if (!webhook.authorized(ctx::header, body)) {
            rejected.incrementAndGet();
            LOG.warn("rejected an Alertmanager webhook call from {}: bad or missing credentials", ctx.ip());
            answer(ctx, 401, Map.of("error", "credentials refused"));
            return;
        }
        List<AlertBatch> batches;
        try {
            batches = webhook.read(body);
        } catch (BadInputException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", e.getMessage());
            error.put("field", e.field());
            answer(ctx, 400, error);
            return;
        }
        batches.forEach(consumer);
        accepted.incrementAndGet();
        answer(ctx, 202, Map.of("accepted", batches.stream().mapToInt(b -> b.findings().size()).sum(),
                "resolved", batches.stream().mapToInt(b -> b.resolved().size()).sum()));
    }

    private static void answer(Context ctx, int status, Map<String, ?> body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    @Override
    public void close() {
        app.stop();
    }
}
