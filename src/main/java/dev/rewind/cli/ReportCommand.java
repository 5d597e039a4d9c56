package dev.rewind.cli;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.BadInputException;
import dev.rewind.report.ActionSentence;
import dev.rewind.store.Integrity;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** One past rollback: its incident report, and the actions log as the journal holds it. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Print one past rollback's incident report and its journaled actions.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "a rollback id from bin/rewind history (a unique prefix will do)")
    String id;

    @picocli.CommandLine.Mixin
    StoreOption storeOption = new StoreOption();

    @Option(names = "--out", defaultValue = "rewind-out", paramLabel = "DIR", description = "the report folder rollbacks wrote to (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Spec
    CommandSpec spec;

    /**
     * The report is looked for only where Rewind writes it, {@code OUT/<id>/incident-report.md}, never at a path read
     * from the store: a path in the database is data, and a changed row must not make this command print any file.
     */
    private Path reportFile(String rollbackId) throws java.io.IOException {
        if (!rollbackId.matches("[A-Za-z0-9._-]{1,100}") || rollbackId.contains("..")) return null;
        Path root = outDir.toAbsolutePath().normalize();
        Path file = root.resolve(rollbackId).resolve("incident-report.md").normalize();
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return null;
        if (!file.toRealPath().startsWith(root.toRealPath())) return null;
        return file;
    }

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (!storeOption.exists()) throw new BadInputException(storeOption.toString(), 0, null, "no store here: run bin/rewind demo or rollback first, or pass --store");
        RewindStore store = storeOption.open(spec.commandLine().getErr());
        RollbackRecord r = store.history().find(id).or(() -> store.history().list(10_000).stream()
                .filter(x -> x.id().startsWith(id)).reduce((a, b) -> {
                    throw new BadInputException("ID", 0, "id", "'" + id + "' matches more than one rollback (" + a.id() + ", " + b.id() + "); give more of it");
                })).orElseThrow(() -> new BadInputException("ID", 0, "id", "no rollback '" + id + "' in " + storeOption + "; see bin/rewind history"));
        Integrity.Report integrity = Integrity.verifyRollback(store, r.id());
        Path report = reportFile(r.id());
        if (report != null) {
            out.println(Files.readString(report));
        } else {
            out.println("# Rollback " + r.id() + "\n\n(no incident report file under " + outDir + "/" + r.id() + "/)");
            out.println("Status: " + r.status() + ", " + r.fromVersion() + " -> " + r.toVersion() + ", trigger " + r.trigger());
        }
        out.println("## Journal (" + store.display() + ")");
        out.println();
        for (ActionLogEntry e : store.journal().actionsLog(r.id())) {
            out.println("- " + e.timestamp() + "  " + ActionSentence.of(e));
        }
        if (report != null) integrity = integrity.with(Integrity.checkReport(store, r.id(), Files.readString(report)));
        if (integrity.intact() && !integrity.unprovable().isEmpty()) {
            var err = spec.commandLine().getErr();
            err.println("rewind: WARNING: rollback " + r.id() + " was written before journals were chained (listed when the store was upgraded): "
                    + "it can be read, not proven");
        }
        if (!integrity.intact()) {
            var err = spec.commandLine().getErr();
            integrity.problems().forEach(p -> err.println("rewind: " + p.where() + ": " + p.what()));
            err.println("rewind: this rollback's record does not verify; do not trust it (see bin/rewind audit verify)");
            return 1;
        }
        return 0;
    }
}
