package dev.rewind.act;

/** Can a dependency the target needs be reached (seed 002 stage 3: database, Redis, external services)? */
public interface ReachabilityProbe {

    /** @return null when reachable, or why not (never with credentials in it) */
    String problem(String dependency);
}
