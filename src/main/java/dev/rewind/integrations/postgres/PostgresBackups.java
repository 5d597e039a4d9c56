package dev.rewind.integrations.postgres;

import dev.rewind.act.DatabaseBackups;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Backups with pg_dump's custom format, restored with pg_restore (seed 004: {@code pg_restore --clean --no-owner
 * --no-acl}; a plain SQL dump cannot be read by pg_restore, so these are never plain). Each dump gets a checksum
 * file beside it in {@code sha256sum} format, so {@code sha256sum -c} checks it too, and a backup made by hand with
 * {@code pg_dump -Fc} and {@code sha256sum} restores the same way.
 *
 * <p>The restore runs in one transaction ({@code --single-transaction --exit-on-error}): it lands whole or not at
 * all. {@code --clean} drops and recreates what the dump holds; tables made after the dump (by the release) stay.
 * Dumps hold every row, so they are written owner-only (0600).
 */
public final class PostgresBackups implements DatabaseBackups {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256SUM_LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.{1,4000})");
    private static final String SUFFIX = ".sha256";

    private final PostgresConnector connector;
    private final Path dir;
    private final Path toolRoot;

    public PostgresBackups(PostgresConnector connector) {
        this(connector, PgTool.ROOT);
    }

    PostgresBackups(PostgresConnector connector, Path toolRoot) {
        this.connector = connector;
        this.dir = java.util.Objects.requireNonNull(connector.settings().backupDir(), "backup_dir");
        this.toolRoot = toolRoot;
    }

    @Override
    public Backup take(String name) {
        Path file = fileFor(name);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) throw new BadInputException(file.toString(), 0, null, "a backup of that name exists already; backups are never overwritten");
        PgTool pgDump = tool("pg_dump");
        Path partial = dir.resolve("." + name + ".partial");
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            withPassFile(env -> pgDump.run(List.of("--format=custom", "--no-password", "--host=" + settings().host(), "--port=" + settings().port(),
                    "--username=" + settings().user(), "--dbname=" + settings().database(), "--file=" + partial), env, settings().restoreTimeout()));
            String sha = sha256(partial);
            long bytes = Files.size(partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(file.resolveSibling(name + SUFFIX), sha + "  " + name + "\n", StandardCharsets.UTF_8);
            return new Backup(name, file.toString(), sha, bytes);
        } catch (IOException e) {
            throw new ActionFailedException("cannot write backup " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover .partial file is never read as a backup
            }
        }
    }

    @Override
    public Backup verified(String name, String expectedSha256) {
        Path file = fileFor(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(file.toString(), 0, null, "no backup file there (a symbolic link is not taken either); backups in "
                    + dir + ": " + known());
        }
        String expected = expectedSha256 != null ? expectedSha256.toLowerCase(Locale.ROOT) : checksumBeside(file, name);
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new BadInputException(file.toString(), 0, null, "its SHA-256 is " + actual + ", and " + expected + " was expected"
                    + (expectedSha256 != null ? " (params.sha256)" : " (" + name + SUFFIX + ")") + ": the file is damaged or not the backup named; nothing was restored");
        }
        try {
            return new Backup(name, file.toString(), actual, Files.size(file));
        } catch (IOException e) {
            throw new ActionFailedException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void restore(Backup backup) {
        Path file = fileFor(backup.name());
        String now = sha256(file);
        if (!now.equals(backup.sha256())) {
            throw new ActionFailedException("backup " + file + " changed since it was checked (SHA-256 now " + now + ", checked " + backup.sha256() + "); nothing was restored");
        }
        PgTool pgRestore = tool("pg_restore");
        withPassFile(env -> {
            // Rewind's restore session must write while the database refuses writes to everyone else.
            env.put("PGOPTIONS", "-c default_transaction_read_only=off");
            return pgRestore.run(List.of("--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", "--no-password",
                    "--host=" + settings().host(), "--port=" + settings().port(), "--username=" + settings().user(),
                    "--dbname=" + settings().database(), file.toString()), env, settings().restoreTimeout());
        });
    }

    private PostgresSettings settings() {
        return connector.settings();
    }

    /** The backup folder's file for a name: a plain name, never a path, so nothing outside the folder is read. */
    private Path fileFor(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(SUFFIX)) {
            throw new BadInputException("backup", 0, null, "expected a backup file name (letters, digits, . _ -; no path), found '" + name + "'");
        }
        Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir)) throw new BadInputException("backup", 0, null, "'" + name + "' is not a file in " + dir);
        return file;
    }

    /** pg_dump must be at least as new as the server it dumps (pg_restore likewise reads older dumps only). */
    private PgTool tool(String name) {
        PgTool tool = PgTool.find(toolRoot, name);
        int server = serverMajor();
        if (tool.major() < server) {
            throw new ActionFailedException(tool.binary() + " is version " + tool.major() + ", older than the server (" + server
                    + "); install postgresql-client-" + server);
        }
        return tool;
    }

    private int serverMajor() {
        try (Connection c = connector.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        } catch (SQLException e) {
            throw new ActionFailedException("cannot read the server version of " + settings().where() + ": " + e.getMessage(), e);
        }
    }

    /** The password goes to the program in a private .pgpass file, never on its command line or in a message. */
    private void withPassFile(java.util.function.Function<Map<String, String>, String> run) {
        Map<String, String> env = new java.util.HashMap<>();
        String password = settings().password().get();
        Path pass = null;
        try {
            if (password != null) {
                pass = Files.createTempFile("rewind-pgpass", "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(pass, String.join(":", escape(settings().host()), Integer.toString(settings().port()), escape(settings().database()),
                        escape(settings().user()), escape(password)) + "\n", StandardCharsets.UTF_8);
                env.put("PGPASSFILE", pass.toString());
            }
            env.put("PGSSLMODE", settings().sslMode());
            env.put("PGCONNECT_TIMEOUT", "10");
            run.apply(env);
        } catch (IOException e) {
            throw new ActionFailedException("cannot write a private password file for pg_dump/pg_restore: " + e.getMessage(), e);
        } finally {
            if (pass != null) {
                try {
                    Files.deleteIfExists(pass);
                } catch (IOException ignored) {
                    // owner-only and in the temp folder
                }
            }
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    private String checksumBeside(Path file, String name) {
        Path sum = file.resolveSibling(name + SUFFIX);
        if (!Files.isRegularFile(sum, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(sum.toString(), 0, null, "no checksum file for backup " + name + ", and the step gives no params.sha256: "
                    + "an unchecked backup is never restored (write one with: sha256sum " + name + " > " + name + SUFFIX + ")");
        }
        String first;
        try (InputStream in = Files.newInputStream(sum)) {
            byte[] head = in.readNBytes(4096);
            String text = new String(head, StandardCharsets.UTF_8);
            first = text.lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new ActionFailedException("cannot read " + sum + ": " + e.getMessage(), e);
        }
        Matcher m = SHA256SUM_LINE.matcher(first);
        if (!m.matches()) throw new BadInputException(sum.toString(), 1, null, "expected a sha256sum line ('<64 hex digits>  " + name + "')");
        String named = Path.of(m.group(2).strip()).getFileName().toString();
        if (!named.equals(name)) throw new BadInputException(sum.toString(), 1, null, "the checksum is for '" + named + "', not for " + name);
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    private List<String> known() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> NAME.matcher(n).matches() && !n.endsWith(SUFFIX)).sorted().limit(20).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ActionFailedException("cannot read " + file + " to check its SHA-256: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
