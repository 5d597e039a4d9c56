package dev.rewind.act;

import java.time.Duration;
import java.util.Objects;

/**
 * What the plan needs to know of an environment's GitOps setup: whose sync it pauses, and how long its Git and
 * convergence steps may take.
 *
 * @param app             "Argo CD Application argocd/shop", for the steps' descriptions
 * @param gitTimeout      a clone or a push; the revert step may take three of these (clone, push, pull request)
 * @param convergeTimeout how long the controller has to report synced and healthy on the reverted revision
 */
public record GitOpsOptions(String app, Duration gitTimeout, Duration convergeTimeout) {
    public GitOpsOptions {
        Objects.requireNonNull(app, "app");
        gitTimeout = gitTimeout == null ? Duration.ofSeconds(60) : gitTimeout;
        convergeTimeout = convergeTimeout == null ? Duration.ofMinutes(5) : convergeTimeout;
    }
}
