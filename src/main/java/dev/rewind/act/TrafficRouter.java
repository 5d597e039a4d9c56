package dev.rewind.act;

/**
 * A traffic router (HAProxy, nginx, a Kubernetes Service, the demo's router). Flagger's router shape:
 * read routes, set routes, drain. An implementation that fails halfway throws
 * {@link PartialSwitchException} naming the targets it did switch, so the journal can say exactly that.
 */
public interface TrafficRouter {

    Routes routes();

    void setRoutes(Routes routes);

    /** Stop new traffic to {@code target}; in-flight requests finish. */
    void drain(String target);
}
