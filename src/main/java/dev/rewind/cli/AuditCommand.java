package dev.rewind.cli;

import dev.rewind.model.BadInputException;
import dev.rewind.store.AuditAnchor;
import dev.rewind.store.AuditEntry;
import dev.rewind.store.Integrity;
import dev.rewind.store.RewindStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The audit trail: list it, and prove it (chains, journal heads, stored results, anchors kept outside the database). */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read and verify the append-only audit trail.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.ListEntries.class})
public final class AuditCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recompute the audit chain and every rollback's journal chain with the audit key; check them against",
                    "what each rollback's closing audit entry recorded, and against anchors kept outside the database.",
                    "Exit 0: everything verifies; 1: the first broken link is named."})
    static final class Verify implements Callable<Integer> {
        @Mixin
        StoreOption storeOption = new StoreOption();

        @Option(names = "--anchors", paramLabel = "FILE", arity = "1..*",
                description = "files holding anchors (rewind-audit-anchor lines, logs, rollback_result.yaml); default: the store's anchor file "
                        + "and every rollback_result.yaml under --out")
        List<Path> anchorFiles;

        @Option(names = "--out", defaultValue = "rewind-out", paramLabel = "DIR", description = "report folder to read anchors from (default: ${DEFAULT-VALUE})")
        Path outDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!storeOption.exists()) throw new BadInputException(storeOption.toString(), 0, "store", "no store here; pass --store");
            RewindStore store = storeOption.open(spec.commandLine().getErr());
            List<AuditAnchor> anchors = new ArrayList<>();
            for (Path f : anchorFiles != null ? anchorFiles : defaults(store)) {
                if (!Files.isRegularFile(f)) throw new BadInputException(f.toString(), 0, "--anchors", "expected a readable file");
                anchors.addAll(AuditAnchor.parse(Files.readString(f)));
            }
            Integrity.Report r = Integrity.verify(store, anchors);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("audit trail: %d rows; journals of %d rollbacks; %d anchors from outside the database%n", r.auditRows(), r.rollbacks(), r.anchors());
            if (!r.unprovable().isEmpty()) {
                out.println("not provable (written before journal chains, listed when the store was upgraded): " + String.join(", ", r.unprovable()));
            }
            if (r.intact()) {
                out.println("intact: every link verifies" + (r.anchors() == 0 ? " (no anchors found: a trail cut back at its end would not show)" : ""));
                return 0;
            }
            Integrity.Problem first = r.problems().getFirst();
            out.println("BROKEN: first broken link at " + first.where() + ": " + first.what());
            r.problems().stream().skip(1).forEach(p -> out.println("  also: " + p.where() + ": " + p.what()));
            return 1;
        }

        private List<Path> defaults(RewindStore store) throws IOException {
            List<Path> files = new ArrayList<>();
            if (Files.isRegularFile(store.anchorFile())) files.add(store.anchorFile());
            if (store.legacyAnchorFile() != null) files.add(store.legacyAnchorFile());
            if (Files.isDirectory(outDir)) {
                try (Stream<Path> walk = Files.walk(outDir, 2)) {
                    walk.filter(p -> p.getFileName().toString().equals("rollback_result.yaml")).sorted().forEach(files::add);
                }
            }
            return files;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the newest audit entries: who did what, when, and why.")
    static final class ListEntries implements Callable<Integer> {
        @Mixin
        StoreOption storeOption = new StoreOption();

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "how many, newest last (default: ${DEFAULT-VALUE})")
        int limit;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 100_000) throw new BadInputException("--limit", 0, "limit", "expected 1..100000, found " + limit);
            if (!storeOption.exists()) throw new BadInputException(storeOption.toString(), 0, "store", "no store here; pass --store");
            PrintWriter out = spec.commandLine().getOut();
            for (AuditEntry e : storeOption.open(spec.commandLine().getErr()).audit().newest(limit)) {
                out.printf("%6d  %s  %-10s %-26s %-24s %s%n", e.id(), e.at(), e.actor(), e.action(), e.target() == null ? "-" : e.target(),
                        e.detail() == null ? "" : e.detail());
            }
            return 0;
        }
    }
}
