package dev.rewind.store;

import dev.rewind.model.BadInputException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Function;

/**
 * The key of the audit and journal chains, kept outside the database: whoever can rewrite the database file
 * (a stolen backup, SQL access) cannot recompute the chain without it. It comes from {@code REWIND_AUDIT_KEY}
 * (hex or base64, at least 32 bytes), or from a key file readable by its owner only (mode 0600), created with
 * a random key on first use. Replicas sharing a PostgreSQL store must share the key (the variable, or a mounted file).
 *
 * <p>{@link #created()} says whether this very call made the key: only then may rows written before keyed chains
 * be sealed with it (see {@code V3__Seal_legacy_audit_rows}).
 */
public final class AuditKey {
    public static final String ENV = "REWIND_AUDIT_KEY";
    static final int MIN_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final byte[] key;
    private final String source;
    private final boolean created;

    private AuditKey(byte[] key, String source, boolean created) {
        if (key.length < MIN_BYTES) throw new BadInputException(source, 0, null, "an audit key needs at least " + MIN_BYTES + " bytes, found " + key.length);
        this.key = key.clone();
        this.source = source;
        this.created = created;
    }

    /** A key given in code (tests, tools); never counts as made by this open. */
    public static AuditKey of(byte[] key) {
        return new AuditKey(key, "given key", false);
    }

    /** {@code REWIND_AUDIT_KEY} when set, else the key file (made with a fresh random key when missing). */
    public static AuditKey resolve(Function<String, String> env, Path keyFile) {
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return new AuditKey(decode(fromEnv.strip(), ENV), ENV, false);
        return fromFile(keyFile);
    }

    static AuditKey fromFile(Path file) {
        try {
            boolean made = !Files.exists(file) && create(file);
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(perms)) {
                    throw new BadInputException(file.toString(), 0, null, "the audit key file is readable by others ("
                            + PosixFilePermissions.toString(perms) + "); expected rw------- (chmod 600)");
                }
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] bytes = decode(text, file.toString());
            if (bytes.length < MIN_BYTES) {
                throw new BadInputException(file.toString(), 0, null, "the audit key file holds " + bytes.length + " bytes, expected at least "
                        + MIN_BYTES + ": it is empty or cut short (a crash while it was written?). Put the key back from where you keep it; "
                        + "a new key would make every row written with the old one fail verification");
            }
            return new AuditKey(bytes, file.toString(), made);
        } catch (IOException e) {
            throw new UnreachableException(file.toString(), "cannot read or create the audit key file: " + e, e);
        }
    }

    /**
     * Writes a fresh key to a temporary file first and links it into place in one step, so that no reader ever sees a
     * half-written key and a crash leaves either no key file or a whole one. Two first opens at once: the one that
     * links second finds the file there and uses the other's key.
     *
     * @return true when this call made the file
     */
    private static boolean create(Path file) throws IOException {
        byte[] fresh = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(fresh);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path tmp = posix ? Files.createTempFile(dir, ".audit-key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, ".audit-key-", ".tmp");
        try {
            Files.writeString(tmp, HexFormat.of().formatHex(fresh) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.SYNC);
            try {
                Files.createLink(file, tmp); // fails when the file exists: never replaces another process's key
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            } catch (UnsupportedOperationException | IOException noLinks) {
                if (Files.exists(file)) return false;
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file);
                }
                return true;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] decode(String text, String source) {
        try {
            if (text.matches("[0-9a-fA-F]+") && text.length() % 2 == 0) return HexFormat.of().parseHex(text);
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source, 0, null, "expected the audit key as hex or base64");
        }
    }

    byte[] bytes() {
        return key.clone();
    }

    /** True when this open made the key file: the one moment a store written before keyed chains may be sealed. */
    public boolean created() {
        return created;
    }

    /** Where it came from, for messages; never the key. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "AuditKey[" + source + "]";
    }
}
