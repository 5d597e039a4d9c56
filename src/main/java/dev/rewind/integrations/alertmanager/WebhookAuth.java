package dev.rewind.integrations.alertmanager;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook call proves it comes from our Alertmanager, checked on the raw body before parsing.
 * Comparisons take constant time; toString never shows a secret.
 */
public sealed interface WebhookAuth {

    /** @param header looks up a request header by name (null when absent) */
    boolean accepts(UnaryOperator<String> header, byte[] body);

    static WebhookAuth bearer(String token) {
        return new BearerToken(token);
    }

    static WebhookAuth hmac(String headerName, String secret) {
        return new HmacSignature(headerName, secret);
    }

    /** For a lab on loopback only: every call is accepted. */
    static WebhookAuth none() {
        return new Open();
    }

    /** {@code Authorization: Bearer <token>}, as Alertmanager's http_config.authorization sends it. */
    final class BearerToken implements WebhookAuth {
        private final byte[] tokenHash;

        BearerToken(String token) {
            if (token == null || token.isBlank()) throw new IllegalArgumentException("bearer token must not be empty");
            // only the hash is kept: a heap dump does not hand out the token
            this.tokenHash = sha256(token.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean accepts(UnaryOperator<String> header, byte[] body) {
            String value = header.apply("Authorization");
            if (value == null || !value.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
            byte[] presented = sha256(value.substring(7).trim().getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(tokenHash, presented);
        }

        @Override
        public String toString() {
            return "BearerToken[***]";
        }
    }

    /** {@code <header>: sha256=<hex of HMAC-SHA256(secret, raw body)>}, as GitHub-style senders sign. */
    final class HmacSignature implements WebhookAuth {
        private static final String PREFIX = "sha256=";
        private final String headerName;
        private final SecretKeySpec key;

        HmacSignature(String headerName, String secret) {
            if (headerName == null || headerName.isBlank()) throw new IllegalArgumentException("signature header name must not be empty");
            if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("HMAC secret must not be empty");
            this.headerName = headerName;
            this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        }

        @Override
        public boolean accepts(UnaryOperator<String> header, byte[] body) {
            String value = header.apply(headerName);
            if (value == null || !value.toLowerCase(Locale.ROOT).startsWith(PREFIX)) return false;
            byte[] presented;
            try {
                presented = HexFormat.of().parseHex(value.substring(PREFIX.length()).trim());
            } catch (IllegalArgumentException notHex) {
                return false;
            }
            return MessageDigest.isEqual(sign(body), presented);
        }

        /** The header value a sender would put on {@code body}. */
        public String signatureFor(byte[] body) {
            return PREFIX + HexFormat.of().formatHex(sign(body));
        }

        public String headerName() {
            return headerName;
        }

        private byte[] sign(byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac.doFinal(body);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        }

        @Override
        public String toString() {
            return "HmacSignature[header=" + headerName + ", secret=***]";
        }
    }

    record Open() implements WebhookAuth {
        public boolean accepts(UnaryOperator<String> header, byte[] body) {
            return true;
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
