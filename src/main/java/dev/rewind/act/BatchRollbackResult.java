package dev.rewind.act;

import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import java.util.List;

/**
 * A batch rolled back last deploy first. {@code results} are in the order run; {@code notReached} lists the
 * versions left in place because an earlier rollback of the batch could not complete.
 */
public record BatchRollbackResult(String batchId, RollbackStatus status, List<RollbackResult> results, List<String> notReached) {
    public BatchRollbackResult {
        results = List.copyOf(results);
        notReached = List.copyOf(notReached);
    }
}
