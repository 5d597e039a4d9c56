package dev.rewind.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Links of a hash chain: each row's hash covers the previous row's hash and the row's own fields, length-prefixed
 * so that moving text between fields changes it. New rows use HMAC-SHA256 with the {@link AuditKey}; rows written
 * before the key existed had plain SHA-256 ({@link #LEGACY}); upgrading a store seals them with the key.
 */
final class Chain {
    static final String GENESIS = "0".repeat(64);
    static final String KEYED = "hmac-sha256";
    static final String LEGACY = "sha256";

    private final SecretKeySpec key;

    Chain(AuditKey key) {
        this.key = new SecretKeySpec(key.bytes(), "HmacSHA256");
    }

    String link(String prev, String... fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(prev.getBytes(StandardCharsets.UTF_8));
            for (String f : fields) feed(mac::update, f);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** The unkeyed link of rows written before this version. */
    static String legacyLink(String prev, String... fields) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev.getBytes(StandardCharsets.UTF_8));
            for (String f : fields) feed(sha::update, f);
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }


    private static void feed(java.util.function.Consumer<byte[]> sink, String field) {
        byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
        sink.accept((field == null ? "-1:" : bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        sink.accept(bytes);
    }

    /**
     * Plain SHA-256 over length-prefixed fields, hex: what a keyed audit entry records of a row it vouches for (a
     * history row, journal rows written before chains). The entry is keyed, so the digest need not be.
     */
    static String digest(String... fields) {
        return legacyLink("", fields);
    }

    /** SHA-256 of text, hex: what an audit entry records of a report or a result so a later edit shows. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
