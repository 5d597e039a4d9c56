package dev.rewind.report;

import java.time.Instant;
import java.util.Objects;

/** One deploy Rewind was told about, for the history statistics. */
public record PastDeploy(String service, String environment, String version, Instant deployedAt) {
    public PastDeploy {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(deployedAt, "deployedAt");
    }

    String key() {
        return service + "/" + environment + "/" + version;
    }
}
