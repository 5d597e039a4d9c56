package dev.rewind.controller;

/**
 * What is wrong with a build of the simulated shop. Error spike and latency live in code behind the build's
 * feature flag, so they hurt only while the flag is on and the build takes traffic; a leak lives in the
 * process and grows from its start, flag or not.
 */
public enum Fault {
    NONE,
    /** 20% of requests fail. */
    ERROR_SPIKE,
    /** p95 and p99 at 1.8x the healthy build's. */
    LATENCY,
    /** Memory starts at {@link ShopMetrics#LEAK_START_PERCENT} and grows one point a minute, unless {@link ShopWorld#leak} says otherwise. */
    MEMORY_LEAK
}
