package dev.rewind.faults;

import dev.rewind.act.Deployer;
import dev.rewind.act.Routes;
import dev.rewind.act.TrafficRouter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service in memory with two versions behind a router, for fault tests whose fault is elsewhere (the store, the
 * notifier): it records every change, and {@link #onDeploy} runs inside the revert, where a test injects its fault.
 */
final class TwoVersionService implements TrafficRouter, Deployer {
    interface Fault {
        void inject() throws Exception;
    }

    final List<String> log = new CopyOnWriteArrayList<>();
    volatile Routes routes;
    volatile String running;
    volatile Fault onDeploy = () -> { };

    TwoVersionService(String running, String previous) {
        this.running = running;
        this.routes = Routes.allTo(running, previous);
    }

    @Override
    public Routes routes() {
        return routes;
    }

    @Override
    public void setRoutes(Routes r) {
        log.add("router.set " + r.weights());
        routes = r;
    }

    @Override
    public void drain(String target) {
        log.add("router.drain " + target);
    }

    @Override
    public String currentVersion(String service) {
        return running;
    }

    @Override
    public boolean versionExists(String service, String version) {
        return true;
    }

    @Override
    public void deploy(String service, String version) {
        log.add("deploy " + version);
        running = version;
        try {
            onDeploy.inject();
        } catch (Exception e) {
            throw new IllegalStateException("the injected fault failed: " + e, e);
        }
    }

    @Override
    public void restart(String service, String version) {
        log.add("restart " + version);
    }

    @Override
    public void scaleDown(String service, String version) {
        log.add("scaleDown " + version);
    }

    @Override
    public Map<String, Object> snapshot(String service) {
        return Map.of("version", running);
    }
}
