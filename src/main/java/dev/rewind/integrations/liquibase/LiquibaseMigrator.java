package dev.rewind.integrations.liquibase;

import dev.rewind.act.DatabaseMigrator;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.AppliedChangeSet;
import dev.rewind.model.RewindException;
import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.AfterTagChangeSetFilter;
import liquibase.TagVersionEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCommandStep;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Schema rollback with Liquibase 4.33 (the last Apache-2.0 release; 5.x is under the FSL). The changelog is read
 * from {@code changelog_dir} under the same relative path the application ran it with, because Liquibase's
 * history names each changeset by that path. Whether a changeset can be undone is Liquibase's own answer
 * ({@link ChangeSet#supportsRollback}): an explicit rollback block, or a change it knows how to invert.
 *
 * <p>Every call runs in a Liquibase scope with product analytics off (4.30+ would otherwise ask a Liquibase server
 * whether to send usage data), console output off, and a one-minute wait for Liquibase's own lock.
 */
public final class LiquibaseMigrator implements DatabaseMigrator {
    private final Supplier<Connection> connections;
    private final Path changelogDir;
    private final String changelog;

    /** @param connections opens a new session each call; the migrator closes it */
    public LiquibaseMigrator(Supplier<Connection> connections, Path changelogDir, String changelog) {
        this.connections = connections;
        this.changelogDir = changelogDir;
        this.changelog = changelog;
    }

    /** {@code changelog_dir} (absolute) and {@code changelog} (a path under it, as the application's history names it). */
    public static LiquibaseMigrator from(IntegrationConfig c, Supplier<Connection> connections) {
        Path dir = Path.of(c.requireString("changelog_dir"));
        if (!dir.isAbsolute() || !Files.isDirectory(dir)) throw c.error("changelog_dir", "expected an absolute folder that exists, found '" + dir + "'");
        String changelog = c.requireString("changelog");
        Path rel = Path.of(changelog);
        if (rel.isAbsolute() || !rel.normalize().equals(rel) || rel.startsWith("..")) {
            throw c.error("changelog", "expected a path under changelog_dir without . or .. parts (as the application runs it, e.g. db/changelog/master.yaml), found '" + changelog + "'");
        }
        if (!Files.isRegularFile(dir.resolve(rel))) throw c.error("changelog", "no file " + dir.resolve(rel));
        return new LiquibaseMigrator(connections, dir, changelog);
    }

    @Override
    public List<String> tags() {
        return inScope(db -> history(db).stream().map(RanChangeSet::getTag).filter(t -> t != null && !t.isBlank()).toList());
    }

    /**
     * Chosen by Liquibase's own filter, with the rollback command's defaults, so the list is exactly what
     * {@link #rollbackToTag} will undo. That includes the {@code tagDatabase} changeset that set the tag: Liquibase
     * undoes it too (it changes no schema), so that the release can tag again when it is reapplied.
     */
    @Override
    public List<AppliedChangeSet> appliedSince(String tag) {
        return inScope(db -> {
            List<RanChangeSet> ran = history(db);
            if (ran.stream().noneMatch(r -> tag.equalsIgnoreCase(r.getTag()))) {
                throw new ActionFailedException("no migration tag '" + tag + "' in the history of the database");
            }
            DatabaseChangeLog log = parse(db);
            AfterTagChangeSetFilter filter = new AfterTagChangeSetFilter(tag, ran,
                    TagVersionEnum.valueOf(RollbackCommandStep.TAG_VERSION_ARG.getDefaultValue()), log);
            List<RanChangeSet> undo = new ArrayList<>();
            for (RanChangeSet r : ran) {
                ChangeSet cs = log.getChangeSet(r);
                ChangeSet probe = cs != null ? cs : new ChangeSet(r.getId(), r.getAuthor(), false, false, r.getChangeLog(), null, null, log);
                if (filter.accepts(probe).isAccepted()) undo.add(r);
            }
            return describe(db, undo);
        });
    }

    @Override
    public List<AppliedChangeSet> lastApplied(int count) {
        return inScope(db -> {
            List<RanChangeSet> ran = history(db);
            if (count > ran.size()) {
                throw new ActionFailedException("cannot undo " + count + " changesets: the history of the database holds " + ran.size());
            }
            return describe(db, ran.subList(ran.size() - count, ran.size()));
        });
    }

    @Override
    public List<AppliedChangeSet> rollbackToTag(String tag) {
        return rollback(RollbackCommandStep.COMMAND_NAME, scope -> scope.addArgumentValue(RollbackCommandStep.TAG_ARG, tag));
    }

    @Override
    public List<AppliedChangeSet> rollbackCount(int count) {
        return rollback(RollbackCountCommandStep.COMMAND_NAME, scope -> scope.addArgumentValue(RollbackCountCommandStep.COUNT_ARG, count));
    }

    /** Runs a rollback command and returns what the history lost: newest first, the order they were undone. */
    private List<AppliedChangeSet> rollback(String[] command, java.util.function.Consumer<CommandScope> args) {
        return inScope(db -> {
            List<AppliedChangeSet> before = describe(db, history(db));
            CommandScope scope = new CommandScope(command)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
                    .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, changelog)
                    .setOutput(OutputStream.nullOutputStream());
            args.accept(scope);
            scope.execute();
            Set<String> after = new HashSet<>();
            Scope.getCurrentScope().getSingleton(liquibase.changelog.ChangeLogHistoryServiceFactory.class).resetAll();
            for (RanChangeSet r : history(db)) after.add(key(r));
            List<AppliedChangeSet> undone = new ArrayList<>(before.stream().filter(c -> !after.contains(c.key())).toList());
            java.util.Collections.reverse(undone);
            return undone;
        });
    }

    private List<RanChangeSet> history(Database db) throws Exception {
        return db.getRanChangeSetList();
    }

    private List<AppliedChangeSet> describe(Database db, List<RanChangeSet> ran) throws Exception {
        DatabaseChangeLog log = parse(db);
        List<AppliedChangeSet> out = new ArrayList<>();
        for (RanChangeSet r : ran) {
            ChangeSet cs = log.getChangeSet(r);
            String why = null;
            if (cs == null) why = "is no longer in " + changelog + ", so how to undo it is unknown";
            else if (!cs.supportsRollback(db)) why = "has no rollback (" + changeNames(cs) + " without a rollback block)";
            out.add(new AppliedChangeSet(r.getChangeLog(), r.getId(), r.getAuthor(),
                    r.getDateExecuted() == null ? null : r.getDateExecuted().toInstant(), r.getTag(), why == null, why));
        }
        return out;
    }

    private static String changeNames(ChangeSet cs) {
        Set<String> names = new LinkedHashSet<>();
        cs.getChanges().forEach(c -> names.add(Scope.getCurrentScope().getSingleton(liquibase.change.ChangeFactory.class).getChangeMetaData(c).getName()));
        return names.isEmpty() ? "no changes" : String.join(", ", names);
    }

    private DatabaseChangeLog parse(Database db) throws Exception {
        ResourceAccessor accessor = Scope.getCurrentScope().getResourceAccessor();
        return ChangeLogParserFactory.getInstance().getParser(changelog, accessor).parse(changelog, new ChangeLogParameters(db), accessor);
    }

    private static String key(RanChangeSet r) {
        return r.getChangeLog() + "::" + r.getId() + "::" + r.getAuthor();
    }

    @FunctionalInterface
    private interface WithDatabase<T> {
        T apply(Database db) throws Exception;
    }

    private <T> T inScope(WithDatabase<T> work) {
        ResourceAccessor accessor;
        try {
            accessor = new DirectoryResourceAccessor(changelogDir);
        } catch (FileNotFoundException e) {
            throw new ActionFailedException("changelog folder " + changelogDir + " is gone", e);
        }
        try (Connection connection = connections.get()) {
            return Scope.child(scopeValues(accessor), () -> {
                Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                try {
                    return work.apply(db);
                } finally {
                    Scope.getCurrentScope().getSingleton(liquibase.changelog.ChangeLogHistoryServiceFactory.class).resetAll();
                }
            });
        } catch (RewindException e) {
            throw e;
        } catch (Exception e) {
            throw new ActionFailedException("Liquibase on " + changelog + ": " + rootMessage(e), e);
        }
    }

    /** No usage data sent, nothing printed, Liquibase's log into Rewind's, and a bounded wait for its lock. */
    static Map<String, Object> scopeValues(ResourceAccessor accessor) {
        return Map.of(
                Scope.Attr.resourceAccessor.name(), accessor,
                Scope.Attr.ui.name(), new LoggerUIService(),
                Scope.Attr.logService.name(), new Slf4jLogService(),
                "liquibase.analytics.enabled", false,
                "liquibase.changelogLockWaitTimeInMinutes", 1);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) sb.append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}
