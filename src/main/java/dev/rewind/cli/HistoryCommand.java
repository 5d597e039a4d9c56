package dev.rewind.cli;

import dev.rewind.console.StagePrinter;
import dev.rewind.store.Integrity;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Past rollbacks from the store, newest first, with seed 001's dashboard figures. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List past rollbacks from the store, newest first.")
public final class HistoryCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    StoreOption storeOption = new StoreOption();

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "how many (default: ${DEFAULT-VALUE})")
    int limit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // SQL reads a negative LIMIT as "no limit": -1 would print every row ever recorded
        if (limit < 1 || limit > 100_000) throw new dev.rewind.model.BadInputException("--limit", 0, "limit", "expected 1..100000, found " + limit);
        var out = spec.commandLine().getOut();
        if (!storeOption.exists()) {
            out.println("No rollbacks yet: " + storeOption + " does not exist (run bin/rewind demo or bin/rewind rollback first).");
            return 0;
        }
        RewindStore store = storeOption.open(spec.commandLine().getErr());
        List<RollbackRecord> rows = store.history().list(limit);
        if (rows.isEmpty()) {
            out.println("No rollbacks recorded in " + storeOption + ".");
            return 0;
        }
        // each row against the keyed audit trail: a row Rewind did not write, or changed since, is marked, never shown plain
        Map<String, String> unproven = Integrity.provenance(store, rows);
        String fmt = "%-1s %-26s %-20s %-8s %-17s %-9s %-16s %8s  %s%n";
        out.printf(Locale.ROOT, fmt, "", "ID", "STARTED (UTC)", "SERVICE", "ENVIRONMENT", "STATUS", "FROM -> TO", "TOOK", "TRIGGER / REASON");
        for (RollbackRecord r : rows) {
            String took = r.finishedAt() == null ? "-" : StagePrinter.human(Duration.between(r.startedAt(), r.finishedAt()));
            String why = r.trigger() + (r.reason() == null || r.reason().isBlank() ? "" : ": " + r.reason());
            out.printf(Locale.ROOT, fmt, unproven.containsKey(r.id()) ? "!" : "", r.id(), r.startedAt().toString().replace('T', ' ').replaceAll("\\.\\d+", ""),
                    r.service(), r.environment(), r.status(), r.fromVersion() + " -> " + r.toVersion(), took,
                    why.length() > 60 ? why.substring(0, 57) + "..." : why);
        }
        long ok = rows.stream().filter(r -> r.status().equals("success")).count();
        if (!unproven.isEmpty()) {
            out.println();
            out.println("! UNPROVEN: these rows do not verify against the keyed audit trail; do not trust them (bin/rewind audit verify):");
            unproven.forEach((id, why) -> out.println("  " + id + ": " + why));
        }
        out.printf(Locale.ROOT, "%n%d rollbacks shown, %d successful (%.0f%%). Details: bin/rewind report ID%n", rows.size(), ok, 100.0 * ok / rows.size());
        return 0;
    }
}
