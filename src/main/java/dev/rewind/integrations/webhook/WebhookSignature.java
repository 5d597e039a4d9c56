package dev.rewind.integrations.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic webhook's signature. Signed material: the timestamp header's value, a dot, and the raw body bytes;
 * {@code X-Rewind-Signature: sha256=<hex HMAC-SHA256(secret, material)>}. Because the timestamp is signed, a
 * receiver that rejects timestamps older than a few minutes stops a captured request from being replayed later,
 * and the signature over the raw body stops it from being altered. (Stripe's and Slack's signing schemes work so.)
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-Rewind-Signature";
    public static final String TIMESTAMP_HEADER = "X-Rewind-Timestamp";
    public static final String PREFIX = "sha256=";
    /** The replay window a receiver should allow for clock skew and retries in flight. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** @return {@code sha256=<hex>} for the timestamp (epoch seconds) and the body */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, material(timestamp, body)));
    }

    /**
     * What a receiver does: the timestamp is within {@code tolerance} of {@code now} and the signature matches,
     * compared in constant time.
     */
    public static boolean verify(byte[] secret, String timestampHeader, byte[] body, String signatureHeader, Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith(PREFIX)) return false;
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) return false;
        byte[] expected = sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.trim().getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] material(long timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    private static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
