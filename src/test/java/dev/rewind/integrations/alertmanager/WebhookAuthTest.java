package dev.rewind.integrations.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAuthTest {
    private static final byte[] BODY = "{\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8);

    private static boolean accepts(WebhookAuth auth, Map<String, String> headers, byte[] body) {
        return auth.accepts(headers::get, body);
    }

    @Test
    void acceptsTheConfiguredBearerToken() {
        assertThat(accepts(WebhookAuth.bearer("good-token"), Map.of("Authorization", "Bearer good-token"), BODY)).isTrue();
        assertThat(accepts(WebhookAuth.bearer("good-token"), Map.of("Authorization", "bearer good-token"), BODY)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer bad-token", "Bearer good-token2", "Bearer ", "Basic Z29vZC10b2tlbg==", "good-token", ""})
    void rejectsAnyOtherAuthorization(String header) {
        assertThat(accepts(WebhookAuth.bearer("good-token"), Map.of("Authorization", header), BODY)).isFalse();
    }

    @Test
    void rejectsAMissingAuthorizationHeader() {
        assertThat(accepts(WebhookAuth.bearer("good-token"), Map.of(), BODY)).isFalse();
    }

    @Test
    void acceptsAValidHmacSignatureOfTheRawBody() {
        WebhookAuth.HmacSignature auth = (WebhookAuth.HmacSignature) WebhookAuth.hmac("X-Signature", "shh");

        // HMAC-SHA256("shh", body), computed independently: printf '{"version":"4"}' | openssl dgst -sha256 -hmac shh
        String expected = "sha256=b270d7dcee3b1636e01055b5cf11920b4591d573dd697e03f2aea61f98150492";
        assertThat(auth.signatureFor(BODY)).isEqualTo(expected);
        assertThat(accepts(auth, Map.of("X-Signature", expected), BODY)).isTrue();
    }

    @Test
    void rejectsATamperedBodyAWrongSecretOrAMalformedSignature() {
        WebhookAuth.HmacSignature auth = (WebhookAuth.HmacSignature) WebhookAuth.hmac("X-Signature", "shh");
        String valid = auth.signatureFor(BODY);
        byte[] tampered = "{\"version\":\"5\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(accepts(auth, Map.of("X-Signature", valid), tampered)).isFalse();
        assertThat(accepts(auth, Map.of("X-Signature", ((WebhookAuth.HmacSignature) WebhookAuth.hmac("X-Signature", "other")).signatureFor(BODY)), BODY)).isFalse();
        assertThat(accepts(auth, Map.of("X-Signature", "sha256=zz"), BODY)).isFalse();
        assertThat(accepts(auth, Map.of("X-Signature", valid.substring("sha256=".length())), BODY)).isFalse();
        assertThat(accepts(auth, Map.of(), BODY)).isFalse();
    }

    /** A heap dump or a debugger shows a hash, never the token; the comparison is MessageDigest.isEqual, which takes constant time. */
    @Test
    void theBearerTokenIsKeptOnlyAsItsSha256() throws Exception {
        WebhookAuth auth = WebhookAuth.bearer("good-token");
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest("good-token".getBytes(StandardCharsets.UTF_8));

        assertThat(auth.getClass().getDeclaredFields()).isNotEmpty().allSatisfy(field -> {
            field.setAccessible(true);
            Object value = field.get(auth);
            assertThat(value).isInstanceOf(byte[].class);
            assertThat((byte[]) value).isEqualTo(sha256);
        });
    }

    @Test
    void secretsNeverAppearInToString() {
        assertThat(WebhookAuth.bearer("good-token").toString()).doesNotContain("good-token");
        assertThat(WebhookAuth.hmac("X-Signature", "shh-secret").toString()).contains("X-Signature").doesNotContain("shh-secret");
    }
}
