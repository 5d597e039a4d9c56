package dev.rewind.integrations.kubernetes;

import static dev.rewind.integrations.kubernetes.ClusterClient.call;

import dev.rewind.act.Routes;
import dev.rewind.act.TrafficRouter;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Blue-green on a plain Service: all traffic goes to the colour its selector names
 * ({@code version: blue} -> {@code version: green}). A Service cannot split traffic, so only 100/0 routes are accepted.
 */
public final class KubernetesServiceRouter implements TrafficRouter, AutoCloseable {
    private static final Set<String> SETTINGS = Set.of("namespace", "service", "selector_key", "colors", "kubeconfig", "context");

    private final KubernetesClient client;
    private final String namespace;
    private final String service;
    private final String selectorKey;
    private final List<String> colors;

    /** @param colors the known targets (e.g. blue, green), reported with weight 0 when not selected; may be empty */
    public KubernetesServiceRouter(KubernetesClient client, String namespace, String service, String selectorKey, List<String> colors) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.service = Objects.requireNonNull(service, "service");
        this.selectorKey = Objects.requireNonNull(selectorKey, "selectorKey");
        this.colors = List.copyOf(colors);
    }

    /** {@code {type: kubernetes, namespace, service, selector_key: version, colors: [blue, green], kubeconfig?, context?}}. */
    public static KubernetesServiceRouter from(IntegrationConfig config) {
        config.allowOnly(SETTINGS);
        String service = config.requireString("service");
        Object colors = config.settings().get("colors");
        List<String> known = new ArrayList<>();
        if (colors instanceof List<?> list) {
            list.forEach(c -> known.add(String.valueOf(c)));
        } else if (colors != null) {
            throw config.error("colors", "expected a list of target names such as [blue, green], found '" + colors + "'");
        }
        return new KubernetesServiceRouter(ClusterClient.connect(config), config.string("namespace", "default"), service,
                config.string("selector_key", "version"), known);
    }

    @Override
    public Routes routes() {
        String selected = selected(read());
        Map<String, Integer> weights = new LinkedHashMap<>();
        if (selected != null) weights.put(selected, 100);
        colors.forEach(c -> weights.putIfAbsent(c, 0));
        return new Routes(weights);
    }

    @Override
    public void setRoutes(Routes routes) {
        List<String> receiving = routes.weights().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
        if (receiving.size() != 1) {
            throw new ActionFailedException("Service " + namespace + "/" + service + " sends all traffic to one "
                    + selectorKey + "; expected exactly one target at 100 and the rest at 0, found " + routes.weights());
        }
        select(receiving.getFirst());
    }

    /** Draining the selected colour switches to the only other known colour; draining an unselected one does nothing. */
    @Override
    public void drain(String target) {
        if (!target.equals(selected(read()))) return;
        List<String> others = colors.stream().filter(c -> !c.equals(target)).toList();
        if (others.size() != 1) {
            throw new ActionFailedException("cannot drain " + target + " from Service " + namespace + "/" + service
                    + ": it is the selected " + selectorKey + " and there is no single other colour to switch to (known: " + colors + ")");
        }
        select(others.getFirst());
    }

    @Override
    public void close() {
        client.close();
    }

    private void select(String target) {
        call(client, "update the selector of service " + service, () -> client.services().inNamespace(namespace).withName(service).edit(s -> {
            Map<String, String> selector = s.getSpec().getSelector() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(s.getSpec().getSelector());
            selector.put(selectorKey, target);
            s.getSpec().setSelector(selector);
            return s;
        }));
    }

    private String selected(Service s) {
        Map<String, String> selector = s.getSpec().getSelector();
        return selector == null ? null : selector.get(selectorKey);
    }

    private Service read() {
        Service s = call(client, "read service " + service, () -> client.services().inNamespace(namespace).withName(service).get());
        if (s == null) throw new ActionFailedException("service " + namespace + "/" + service + " not found");
        return s;
    }
}
