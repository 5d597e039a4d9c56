package dev.rewind.store;

import dev.rewind.model.BadInputException;
import java.io.IOException;
import dev.rewind.model.UnreachableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class AuditKey {
    public static final String ENV = "REWIND_AUDIT_KEY";
    static final int MIN_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final byte[] key;
    private final String source;

    private AuditKey(byte[] key, String source) {
        if (key.length < MIN_BYTES) throw new BadInputException(source, 0, null, "an audit key needs at least " + MIN_BYTES + " bytes, found " + key.length);
        this.key = key.clone();
        this.source = source;
    }

    /** A key given in code (tests, tools). */
    public static AuditKey of(byte[] key) {
        return new AuditKey(key, "given key");
    }

    /** {@code REWIND_AUDIT_KEY} when set, else the key file (made with a fresh random key when missing). */
    public static AuditKey resolve(Function<String, String> env, Path keyFile) {
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return new AuditKey(decode(fromEnv.strip(), ENV), ENV);
        return fromFile(keyFile);
    }

    static AuditKey fromFile(Path file) {
        try {
            if (!Files.exists(file)) create(file);
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(perms)) {
                    throw new BadInputException(file.toString(), 0, null, "the audit key file is readable by others ("
                            + PosixFilePermissions.toString(perms) + "); expected rw------- (chmod 600)");
                }
            }
            return new AuditKey(decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString()), file.toString());
        } catch (IOException e) {
            throw new UnreachableException(file.toString(), "cannot read or create the audit key file: " + e, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] fresh = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(fresh);
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return; // another process made it first: use theirs
        }
        Files.writeString(file, HexFormat.of().formatHex(fresh) + "\n", StandardCharsets.US_ASCII);
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

    /** Where it came from, for messages; never the key. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "AuditKey[" + source + "]";
    }
}
