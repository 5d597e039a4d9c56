package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rewind.model.Alert;
import dev.rewind.model.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class NotifierTest {
    private static final Instant AT = Instant.parse("2026-02-24T10:20:00Z");
    private static final String SECRET = "s3cr3t-VALUE";

    private static Alert alert(Severity severity, Map<String, Object> fields) {
        return new Alert(severity, "Rollback of orders 2.4.0", "p95 latency 340ms", AT, fields);
    }

    @ParameterizedTest(name = "field {0} is masked")
    @ValueSource(strings = {"token", "api_token", "password", "db_password", "client_secret", "slack_webhook", "webhook_url",
            "Authorization", "X-Api-Key", "credentials"})
    void masksFieldsWhoseKeyLooksSecret(String key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new ConsoleNotifier(new PrintStream(bytes, true, StandardCharsets.UTF_8)).notify(alert(Severity.HIGH, Map.of(key, SECRET, "service", "orders")));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain(SECRET).contains(key + "=" + SecretMask.MASK).contains("service=orders");
    }

    @Test
    void masksSecretsInsideNestedFields() {
        Map<String, Object> masked = SecretMask.mask(Map.of("slack", Map.of("channel", "#incidents", "token", SECRET)));

        assertThat(masked.toString()).doesNotContain(SECRET).contains("channel=#incidents");
    }

    @Test
    void plainOutputHasNoEscapeCodes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new ConsoleNotifier(new PrintStream(bytes, true, StandardCharsets.UTF_8)).notify(alert(Severity.CRITICAL, Map.of()));

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("[CRITICAL] 2026-02-24T10:20:00Z Rollback of orders 2.4.0: p95 latency 340ms" + System.lineSeparator());
    }

    @ParameterizedTest
    @EnumSource(Severity.class)
    void colouredOutputUsesTheSeveritysColourAndResets(Severity severity) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new ConsoleNotifier(new PrintStream(bytes, true, StandardCharsets.UTF_8), true).notify(alert(severity, Map.of()));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith(ConsoleNotifier.colourOf(severity)).contains("\u001B[0m");
    }

    @Test
    void logNotifierLogsCriticalAsErrorWithSecretsMasked() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.alerts." + System.identityHashCode(this));
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);

        LogNotifier notifier = new LogNotifier(logger);
        notifier.notify(alert(Severity.CRITICAL, Map.of("password", SECRET)));
        notifier.notify(alert(Severity.MEDIUM, Map.of()));
        notifier.notify(alert(Severity.LOW, Map.of()));

        assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR, Level.WARN, Level.INFO);
        assertThat(appender.list.getFirst().getFormattedMessage()).doesNotContain(SECRET).contains("password=" + SecretMask.MASK);
    }

    @Test
    void compositeTellsEveryNotifierEvenWhenOneFails() {
        List<String> told = new ArrayList<>();
        Notifier broken = a -> {
            throw new IllegalStateException("slack down");
        };
        CompositeNotifier composite = new CompositeNotifier(a -> told.add("first"), broken, a -> told.add("last"));

        assertThatThrownBy(() -> composite.notify(alert(Severity.HIGH, Map.of())))
                .hasMessageContaining("1 of 3 notifiers failed").hasMessageContaining("slack down");
        assertThat(told).containsExactly("first", "last");
    }
}
