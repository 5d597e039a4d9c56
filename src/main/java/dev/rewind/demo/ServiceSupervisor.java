package dev.rewind.demo;

import dev.rewind.act.Deployer;
import dev.rewind.model.ActionFailedException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The demo's deployer: a catalog of built versions (the "images") and the processes running them.
 * Deploying starts a version's process if needed and makes it current; the router learns each
 * version's address through {@code onAddress}.
 */
public final class ServiceSupervisor implements Deployer, AutoCloseable {
    private final String service;
    private final Map<String, Fault> catalog;
    private final Path logDir;
    private final Map<String, ServiceProcess> running = new ConcurrentHashMap<>();
    private final BiConsumer<String, URI> onAddress;
    private volatile String current;

    public ServiceSupervisor(String service, Map<String, Fault> catalog, Path logDir, BiConsumer<String, URI> onAddress) {
        this.service = service;
        this.catalog = Map.copyOf(catalog);
        this.logDir = logDir;
        this.onAddress = onAddress;
    }

    @Override
    public String currentVersion(String service) {
        requireService(service);
        return current;
    }

    @Override
    public boolean versionExists(String service, String version) {
        requireService(service);
        return catalog.containsKey(version);
    }

    @Override
    public synchronized void deploy(String service, String version) {
        requireService(service);
        ensureRunning(version);
        current = version;
    }

    /** Starts a version's process without making it current: a blue-green standby. */
    public synchronized void start(String version) {
        ensureRunning(version);
    }

    @Override
    public synchronized void restart(String service, String version) {
        requireService(service);
        ServiceProcess old = running.remove(version);
        if (old != null) old.stop();
        ensureRunning(version);
    }

    @Override
    public synchronized void scaleDown(String service, String version) {
        requireService(service);
        ServiceProcess p = running.remove(version);
        if (p != null) p.stop();
    }

    @Override
    public Map<String, Object> snapshot(String service) {
        requireService(service);
        Map<String, Object> snap = new LinkedHashMap<>();
        snap.put("service", service);
        snap.put("current", current);
        Map<String, Object> procs = new LinkedHashMap<>();
        running.forEach((v, p) -> procs.put(v, Map.of("pid", p.pid(), "port", p.port(), "alive", p.alive())));
        snap.put("running", procs);
        return snap;
    }

    public boolean isRunning(String version) {
        ServiceProcess p = running.get(version);
        return p != null && p.alive();
    }

    public URI address(String version) {
        ServiceProcess p = running.get(version);
        return p == null ? null : URI.create("http://127.0.0.1:" + p.port());
    }

    private void ensureRunning(String version) {
        Fault fault = catalog.get(version);
        if (fault == null) throw new ActionFailedException("version " + version + " of " + service + " was never built (known: " + catalog.keySet() + ")");
        ServiceProcess p = running.get(version);
        if (p != null && p.alive()) return;
        try {
            p = ServiceProcess.start(version, fault, logDir);
        } catch (IOException e) {
            throw new ActionFailedException("could not start " + service + " " + version + ": " + e.getMessage(), e);
        }
        running.put(version, p);
        onAddress.accept(version, URI.create("http://127.0.0.1:" + p.port()));
    }

    private void requireService(String name) {
        if (!service.equals(name)) throw new ActionFailedException("this demo runs service '" + service + "', not '" + name + "'");
    }

    @Override
    public void close() {
        running.values().forEach(ServiceProcess::stop);
        running.clear();
    }
}
