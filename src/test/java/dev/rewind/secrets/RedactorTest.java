package dev.rewind.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class RedactorTest {
    private final SecretRegistry registry = new SecretRegistry();
    private final Redactor redactor = new Redactor(registry);

    @Test
    void masksARegisteredTokenAsResolvedTrimmedUrlEncodedAndJsonEscaped() {
        registry.register("tök/en+1\n");

        assertThat(redactor.apply("invalid header value: \"tök/en+1\n\"")).isEqualTo("invalid header value: \"****\"");
        assertThat(redactor.apply("sent tök/en+1 twice")).isEqualTo("sent **** twice");
        assertThat(redactor.apply("?t=" + URLEncoder.encode("tök/en+1", StandardCharsets.UTF_8))).isEqualTo("?t=****");
        assertThat(redactor.apply("{\"detail\":\"tök/en+1\\n\"}")).isEqualTo("{\"detail\":\"****\"}");
    }

    @Test
    void masksTheBase64OfABasicAuthPairAndThePasswordButNotTheUserName() {
        registry.registerBasicAuth("ops", "hunter22");
        String header = "Basic " + Base64.getEncoder().encodeToString("ops:hunter22".getBytes(StandardCharsets.UTF_8));

        assertThat(redactor.apply("sent " + header + " as ops")).isEqualTo("sent Basic **** as ops");
        assertThat(redactor.apply("password hunter22")).isEqualTo("password ****");
    }

    @Test
    void aSecretHoldingAnotherIsMaskedWhole() {
        registry.register("abcd");
        registry.register("abcdefgh");

        assertThat(redactor.apply("x abcdefgh y abcd")).isEqualTo("x **** y ****");
    }

    @Test
    void valuesTooShortToBeSecretsAreNotKeptSoOrdinaryWordsSurvive() {
        registry.register("on");

        assertThat(registry.isRegistered("on")).isFalse();
        assertThat(redactor.apply("flag on")).isEqualTo("flag on");
    }

    @Test
    void urlCredentialsAreMaskedEvenWhenNobodyRegisteredThem() {
        assertThat(redactor.apply("GET http://admin:hunter2@shop:8080/health?access_token=abc&v=2 failed"))
                .isEqualTo("GET http://****@shop:8080/health?access_token=****&v=2 failed");
    }

    @Test
    void aTreeIsCopiedWithEveryStringMaskedKeysAndNestingIncluded() {
        registry.register("s3cr3t-value");

        Object tree = redactor.applyTree(Map.of("detail", "got s3cr3t-value", "tests", List.of(Map.of("s3cr3t-value", 1, "n", 2.5))));

        assertThat(tree.toString()).doesNotContain("s3cr3t-value").contains("got ****").contains("****=1").contains("n=2.5");
    }

    @Test
    void theWriterMasksASecretPrintedInPieces() {
        SecretRegistry.global().register("piecewise-secret-9f2");
        StringWriter text = new StringWriter();
        PrintWriter out = Redactor.redacting(new PrintWriter(text, true));

        out.print("token: piecewise-");
        out.print("secret-9f2");
        out.println(" (end)");

        assertThat(text.toString()).isEqualTo("token: **** (end)" + System.lineSeparator());
        assertThat(Redactor.redacting(out)).as("not wrapped twice").isSameAs(out);
    }

    @Test
    void registeringWhileOtherThreadsRedactIsSafe() throws Exception {
        List<CompletableFuture<Void>> work = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 200; i++) {
                String secret = "concurrent-secret-" + i;
                work.add(CompletableFuture.runAsync(() -> registry.register(secret), pool));
                work.add(CompletableFuture.runAsync(() -> redactor.apply("text with concurrent-secret-1"), pool));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
        }
        for (int i = 0; i < 200; i++) assertThat(redactor.apply("x concurrent-secret-" + i + " y")).isEqualTo("x **** y");
    }
}
