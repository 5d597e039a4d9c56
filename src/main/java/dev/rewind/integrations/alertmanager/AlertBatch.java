package dev.rewind.integrations.alertmanager;

import dev.rewind.model.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What one webhook call says about one service in one environment: findings for firing alerts,
 * and the alerts that resolved. A message covering several services gives one batch per service.
 */
public record AlertBatch(String receiver, String service, String environment, List<Finding> findings,
                         List<ResolvedAlert> resolved) {
    public AlertBatch {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        findings = List.copyOf(findings);
        resolved = List.copyOf(resolved);
    }
}
