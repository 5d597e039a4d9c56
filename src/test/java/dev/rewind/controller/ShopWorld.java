package dev.rewind.controller;

import dev.rewind.act.Deployer;
import dev.rewind.act.FlagSwitch;
import dev.rewind.act.Routes;
import dev.rewind.act.TrafficRouter;
import dev.rewind.time.ManualTimeSource;
import dev.rewind.verify.HealthProbe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One service in memory: flags, router, deployer and health probe over a state that changes only when
 * an actuator is called, stamped with the manual clock. Every change is kept, so {@link ShopMetrics} can
 * compute a sample for any past instant from the state in force then, without background threads.
 */
public final class ShopWorld implements FlagSwitch, TrafficRouter, Deployer, HealthProbe {

    /** What the world looks like between two actuator calls. */
    record State(String deployed, Set<String> running, Set<String> flagsOn, Routes routes) {
        State {
            running = Set.copyOf(running);
            flagsOn = Set.copyOf(flagsOn);
        }
    }

    /** Thrown by an actuator to stand for the controller's process dying; an Error, so no step catches it. */
    static final class ProcessKilled extends Error {
        ProcessKilled(String where) {
            super("controller killed during " + where);
        }
    }

    final String service;
    final List<String> calls = new ArrayList<>();
    private final ManualTimeSource time;
    private final Map<String, Fault> faults = new HashMap<>();
    private final Map<String, String> flagOf = new HashMap<>();
    private final Map<String, double[]> leaks = new HashMap<>();
    private final Map<String, Double> errorRates = new HashMap<>();
    private final Map<String, Instant> startedAt = new HashMap<>();
    private final NavigableMap<Instant, State> history = new TreeMap<>();
    private Instant dependencyOutageFrom;
    private Instant dependencySlowFrom;
    private String killDuring;

    /** {@code stable} runs alone with all the traffic from the clock's current instant. */
    public ShopWorld(ManualTimeSource time, String service, String stable) {
        this.time = time;
        this.service = service;
        startedAt.put(stable, time.now());
        history.put(time.now(), new State(stable, Set.of(stable), Set.of(), Routes.allTo(stable)));
    }

    /** A build the deployer knows: its fault, and the flag its new code hides behind (null for none). */
    public ShopWorld build(String version, Fault fault, String flag) {
        faults.put(version, fault);
        if (flag != null) flagOf.put(version, flag);
        return this;
    }

    /** A build whose new code fails {@code percent} of requests (instead of the spike's 20%). */
    ShopWorld failing(String version, double percent) {
        faults.put(version, Fault.ERROR_SPIKE);
        errorRates.put(version, percent);
        return this;
    }

    double faultyErrorRate(String version) {
        return errorRates.getOrDefault(version, ShopMetrics.FAULTY_ERROR_RATE);
    }

    /** A leaking build's memory: {@code startPercent} at its start, growing {@code pointsPerMinute}. */
    ShopWorld leak(String version, double startPercent, double pointsPerMinute) {
        faults.put(version, Fault.MEMORY_LEAK);
        leaks.put(version, new double[] {startPercent, pointsPerMinute});
        return this;
    }

    /** {start percent, points per minute} of a leaking build. */
    double[] leakOf(String version) {
        return leaks.getOrDefault(version, new double[] {ShopMetrics.LEAK_START_PERCENT, 1});
    }

    /** From {@code at} on, a shared dependency fails every build's requests: no rollback can fix that. */
    ShopWorld dependencyOutageFrom(Instant at) {
        dependencyOutageFrom = at;
        return this;
    }

    /**
     * From {@code at} on, a shared dependency answers slowly: every build is slow and fails its health check,
     * the previous one included, so rolling back cannot help (seed 001's systemic issue).
     */
    ShopWorld dependencySlowFrom(Instant at) {
        dependencySlowFrom = at;
        return this;
    }

    /** The next call named {@code call} ("deploy", "setRoutes", ...) kills the controller instead. */
    ShopWorld killDuring(String call) {
        killDuring = call;
        return this;
    }

    /** How a release goes out blue-green: start it beside the old one, flag on, all traffic to it. */
    public void release(String version, String previous) {
        deploy(service, version);
        String flag = flagOf.get(version);
        if (flag != null) enable(flag);
        setRoutes(Routes.allTo(version, previous));
    }

    /** The state a sample at {@code at} describes: the one in force during the 10 s before it. */
    State stateBefore(Instant at) {
        var e = history.lowerEntry(at);
        return e == null ? null : e.getValue();
    }

    State now() {
        return history.lastEntry().getValue();
    }

    Fault fault(String version) {
        return faults.getOrDefault(version, Fault.NONE);
    }

    String flagOf(String version) {
        return flagOf.get(version);
    }

    Instant startedAt(String version) {
        return startedAt.get(version);
    }

    boolean dependencyDown(Instant at) {
        return dependencyOutageFrom != null && at.isAfter(dependencyOutageFrom);
    }

    boolean dependencySlow(Instant at) {
        return dependencySlowFrom != null && at.isAfter(dependencySlowFrom);
    }

    private void change(String call, UnaryOperator<State> how) {
        calls.add(call);
        if (killDuring != null && call.startsWith(killDuring)) {
            killDuring = null;
            throw new ProcessKilled(call);
        }
        history.put(time.now(), how.apply(now()));
    }

    @Override
    public boolean isEnabled(String flag) {
        return now().flagsOn().contains(flag);
    }

    @Override
    public void disable(String flag) {
        change("disable " + flag, s -> new State(s.deployed(), s.running(), without(s.flagsOn(), flag), s.routes()));
    }

    @Override
    public void enable(String flag) {
        change("enable " + flag, s -> new State(s.deployed(), s.running(), with(s.flagsOn(), flag), s.routes()));
    }

    @Override
    public Routes routes() {
        return now().routes();
    }

    @Override
    public void setRoutes(Routes routes) {
        change("setRoutes " + routes.weights(), s -> new State(s.deployed(), s.running(), s.flagsOn(), routes));
    }

    @Override
    public void drain(String target) {
        Map<String, Integer> w = new LinkedHashMap<>(routes().weights());
        w.put(target, 0);
        setRoutes(new Routes(w));
    }

    @Override
    public String currentVersion(String service) {
        return now().deployed();
    }

    @Override
    public boolean versionExists(String service, String version) {
        return faults.containsKey(version) || startedAt.containsKey(version);
    }

    @Override
    public void deploy(String service, String version) {
        change("deploy " + version, s -> new State(version, with(s.running(), version), s.flagsOn(), s.routes()));
        startedAt.putIfAbsent(version, time.now());
    }

    @Override
    public void restart(String service, String version) {
        change("restart " + version, s -> s);
    }

    @Override
    public void scaleDown(String service, String version) {
        change("scaleDown " + version, s -> new State(s.deployed(), without(s.running(), version), s.flagsOn(), s.routes()));
    }

    @Override
    public Map<String, Object> snapshot(String service) {
        return Map.of("deployed", now().deployed(), "running", List.copyOf(new java.util.TreeSet<>(now().running())));
    }

    @Override
    public Health check(String service, String version) {
        if (!now().running().contains(version)) return new Health(false, version + " is not running");
        if (dependencySlow(time.now())) return new Health(false, "0/1 instances ready: the database times out");
        return new Health(true, "1/1 instances ready");
    }

    private static Set<String> with(Set<String> set, String item) {
        Set<String> out = new LinkedHashSet<>(set);
        out.add(item);
        return out;
    }

    private static Set<String> without(Set<String> set, String item) {
        Set<String> out = new LinkedHashSet<>(set);
        out.remove(item);
        return out;
    }
}
