package dev.rewind.act;

import java.util.Map;

/** Puts a version of a service in place (Kubernetes, the demo's process supervisor). */
public interface Deployer {

    String currentVersion(String service);

    boolean versionExists(String service, String version);

    /** Makes {@code version} the running version of {@code service} and returns once it is applied (not yet healthy). */
    void deploy(String service, String version);

    void restart(String service, String version);

    /** Scales a failed version to zero, keeping its image or binary for debugging. */
    void scaleDown(String service, String version);

    /** The current state, captured before acting, for the journal and a later restore. */
    Map<String, Object> snapshot(String service);
}
