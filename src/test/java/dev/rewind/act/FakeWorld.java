package dev.rewind.act;

import dev.rewind.model.Alert;
import dev.rewind.report.Notifier;
import dev.rewind.verify.HealthProbe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * In-memory flag service, router, deployer, health probe and notifier that log every call in order, with
 * failures to inject. Versions run per service; health is a rule over (service, version).
 */
class FakeWorld implements FlagSwitch, TrafficRouter, Deployer, HealthProbe, Notifier {
    final List<String> log = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final Map<String, String> running = new HashMap<>();
    final Set<String> enabledFlags = new HashSet<>();
    final Set<String> knownVersions = new HashSet<>();
    Routes routes = new Routes(Map.of());
    int deployFailures;
    boolean flagFails;
    BiPredicate<String, String> healthy = (service, version) -> true;
    Runnable onRestart = () -> { };
    Runnable onDeploy = () -> { };
    /** Runs after the routes are set: a test kills the "process" there, the switch done but not yet journaled. */
    Runnable afterSetRoutes = () -> { };

    FakeWorld running(String service, String version, String... earlier) {
        running.put(service, version);
        knownVersions.add(version);
        knownVersions.addAll(List.of(earlier));
        return this;
    }

    FakeWorld withRoutes(Routes r) {
        routes = r;
        return this;
    }

    @Override
    public boolean isEnabled(String flag) {
        return enabledFlags.contains(flag);
    }

    @Override
    public void disable(String flag) {
        log.add("flag.disable " + flag);
        if (flagFails) throw new IllegalStateException("flag service answered 503");
        enabledFlags.remove(flag);
    }

    @Override
    public void enable(String flag) {
        enabledFlags.add(flag);
    }

    @Override
    public Routes routes() {
        return routes;
    }

    @Override
    public void setRoutes(Routes r) {
        log.add("router.set " + r.weights());
        routes = r;
        afterSetRoutes.run();
    }

    @Override
    public void drain(String target) {
        log.add("router.drain " + target);
        Map<String, Integer> w = new LinkedHashMap<>(routes.weights());
        w.put(target, 0);
        routes = new Routes(w);
    }

    @Override
    public String currentVersion(String service) {
        return running.get(service);
    }

    @Override
    public boolean versionExists(String service, String version) {
        return knownVersions.contains(version);
    }

    @Override
    public void deploy(String service, String version) {
        log.add("deploy " + service + " " + version);
        onDeploy.run();
        if (deployFailures > 0) {
            deployFailures--;
            throw new IllegalStateException("rollout of " + version + " timed out");
        }
        running.put(service, version);
    }

    @Override
    public void restart(String service, String version) {
        log.add("restart " + service + " " + version);
        onRestart.run();
    }

    @Override
    public void scaleDown(String service, String version) {
        log.add("scaleDown " + service + " " + version);
    }

    @Override
    public Map<String, Object> snapshot(String service) {
        return Map.of("version", String.valueOf(running.get(service)));
    }

    @Override
    public Health check(String service, String version) {
        boolean ok = healthy.test(service, version);
        log.add("health " + service + " " + version + " " + (ok ? "ok" : "down"));
        return new Health(ok, ok ? "3/3 pods ready" : "0/3 pods ready");
    }

    @Override
    public void notify(Alert alert) {
        alerts.add(alert);
    }

    List<String> criticalTitles() {
        return alerts.stream().filter(a -> a.severity() == dev.rewind.model.Severity.CRITICAL).map(Alert::title).toList();
    }
}
