package dev.rewind.cli;

import java.util.Objects;

/**
 * One row of the doctor's table: which outside system, where (never with credentials), and what it said.
 *
 * @param environment the environment's name, or {@code metrics:} for the top-level metric source
 * @param role        metrics, router, deployer or flags
 * @param latencyMillis how long the read took, or -1 when nothing was sent
 */
public record DoctorCheck(String environment, String role, String type, String target, DoctorStatus status,
                          String detail, long latencyMillis) {
    public DoctorCheck {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        type = type == null ? "?" : type;
        target = target == null ? "-" : target;
        detail = detail == null ? "" : detail;
    }

    /** The detail with the latency in front, as the table prints it. */
    public String shownDetail() {
        return latencyMillis < 0 ? detail : latencyMillis + " ms; " + detail;
    }
}
