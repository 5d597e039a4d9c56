package dev.rewind.cli;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.BadInputException;
import dev.rewind.report.ActionSentence;
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

    @Option(names = "--store", defaultValue = ".rewind/rewind.db", paramLabel = "FILE", description = "journal and history (default: ${DEFAULT-VALUE})")
    Path storePath;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (!Files.exists(storePath)) throw new BadInputException(storePath.toString(), 0, null, "no store here: run bin/rewind demo or rollback first, or pass --store");
        RewindStore store = RewindStore.open(storePath);
        RollbackRecord r = store.history().find(id).or(() -> store.history().list(10_000).stream()
                .filter(x -> x.id().startsWith(id)).reduce((a, b) -> {
                    throw new BadInputException("ID", 0, "id", "'" + id + "' matches more than one rollback (" + a.id() + ", " + b.id() + "); give more of it");
                })).orElseThrow(() -> new BadInputException("ID", 0, "id", "no rollback '" + id + "' in " + storePath + "; see bin/rewind history"));
        if (r.reportPath() != null && Files.exists(Path.of(r.reportPath()))) {
            out.println(Files.readString(Path.of(r.reportPath())));
        } else {
            out.println("# Rollback " + r.id() + "\n\n(no incident report file" + (r.reportPath() == null ? "" : " at " + r.reportPath()) + ")");
            out.println("Status: " + r.status() + ", " + r.fromVersion() + " -> " + r.toVersion() + ", trigger " + r.trigger());
        }
        out.println("## Journal (" + store.path() + ")");
        out.println();
        for (ActionLogEntry e : store.journal().actionsLog(r.id())) {
            out.println("- " + e.timestamp() + "  " + ActionSentence.of(e));
        }
        return 0;
    }
}
