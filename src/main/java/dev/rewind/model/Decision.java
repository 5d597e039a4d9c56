package dev.rewind.model;

import java.time.Instant;
import java.util.List;

/**
 * What to do about a release now (seed 001's decision tree, seed 003's automation levels).
 * {@link #code()} gives the words of the replay contract (DESIGN.md §3.3).
 */
public sealed interface Decision permits Decision.Rollback, Decision.AwaitApproval, Decision.FixForward, Decision.KeepWatching {

    Instant at();

    List<Finding> findings();

    String reason();

    default String code() {
        return switch (this) {
            case Rollback r -> "rollback";
            case AwaitApproval a -> "approval_required";
            case FixForward f -> "fix_forward";
            case KeepWatching k -> "no_rollback";
        };
    }

    /** @param immediate a critical finding: skip the pre-rollback validation gates' waiting, act now */
    record Rollback(Instant at, List<Finding> findings, boolean immediate, String reason) implements Decision {
        public Rollback {
            findings = List.copyOf(findings);
        }
    }

    record AwaitApproval(Instant at, List<Finding> findings, String reason) implements Decision {
        public AwaitApproval {
            findings = List.copyOf(findings);
        }
    }

    /** The release is past its point of no return: rolling back would do more harm than fixing forward. */
    record FixForward(Instant at, List<Finding> findings, String reason) implements Decision {
        public FixForward {
            findings = List.copyOf(findings);
        }
    }

    /** Nothing to act on yet; findings may hold degradations below the level that acts. */
    record KeepWatching(Instant at, List<Finding> findings, String reason) implements Decision {
        public KeepWatching {
            findings = List.copyOf(findings);
        }
    }
}
