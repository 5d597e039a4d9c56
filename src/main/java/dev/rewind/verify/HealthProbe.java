package dev.rewind.verify;

/** One health check of a running version (an HTTP /health, pod readiness). */
public interface HealthProbe {

    Health check(String service, String version);

    /** @param healthy true when every instance is healthy; detail says what was seen ("3/3 pods ready") */
    record Health(boolean healthy, String detail) {
    }
}
