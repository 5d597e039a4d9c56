package dev.rewind.act;

import java.time.Duration;
import java.util.Objects;

/**
 * An environment deployed through GitOps: the controller that syncs it from Git (Argo CD, Flux) and the config
 * repository that declares its version. A rollback pauses the one, reverts the other, and resumes, so the
 * controller does not re-apply the bad version over the rollback.
 *
 * @param pollEvery how often convergence is read from the controller, on the rollback's TimeSource
 */
public record GitOps(SyncController controller, ConfigRepository repository, Duration pollEvery) {
    public GitOps {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(repository, "repository");
        pollEvery = pollEvery == null ? Duration.ofSeconds(5) : pollEvery;
        if (pollEvery.isNegative() || pollEvery.isZero()) throw new IllegalArgumentException("pollEvery must be positive, got " + pollEvery);
    }
}
