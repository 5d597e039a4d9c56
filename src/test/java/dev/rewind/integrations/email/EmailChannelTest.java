package dev.rewind.integrations.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Deliveries;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import dev.rewind.report.notify.RecordingPause;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mail through GreenMail's SMTP server on loopback, with a login. */
class EmailChannelTest {
    private static final String PASSWORD = "smtp-Pa55word-secret";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("rewind@example.com", "rewind", PASSWORD));

    private final RecordingPause pause = new RecordingPause();

    private static Map<String, Object> settings(String password) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("smtp_host", "127.0.0.1");
        s.put("smtp_port", SMTP.getSmtp().getPort());
        s.put("username", "rewind");
        s.put("password", password);
        s.put("from", "rewind@example.com");
        s.put("to", List.of("ceo@example.com", "engineering@example.com"));
        return s;
    }

    private static Channel<EmailTemplate.Email> channel(Map<String, Object> settings) {
        return EmailChannel.from("ceo", new IntegrationConfig("email", settings, "rewind.yaml", 20, "notifications.ceo"), Duration.ofSeconds(5));
    }

    @Test
    void mailsEveryRecipientASubjectWithTheSeverityAndTheRollbacksFacts() throws Exception {
        List<DeliveryRecord> records = Deliveries.send(channel(settings(PASSWORD)), pause,
                Deliveries.alert(AlertEvent.STARTED, Severity.CRITICAL, "Rollback initiated: shop 2.4.0 -> 2.3.1"));

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.httpStatus()).isNull();
            assertThat(r.detail()).isEqualTo("mailed 2 recipient(s) through 127.0.0.1");
        });
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("[Rewind] CRITICAL: Rollback initiated: shop 2.4.0 -> 2.3.1");
        assertThat(m.getFrom()[0].toString()).isEqualTo("rewind@example.com");
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("ceo@example.com", "engineering@example.com");
        String body = GreenMailUtil.getBody(m).replace("\r\n", "\n");
        assertThat(body).contains("Rollback: rb-20260126-100000-abcd").contains("From -> to: 2.4.0 -> 2.3.1").contains("Trigger: error_rate")
                .contains("dashboard: https://grafana.example.com/d/shop");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    }

    @Test
    void aRefusedLoginIsNotRetriedAndThePasswordAppearsNowhere() {
        String wrong = "wrong-Pa55word-secret";
        List<DeliveryRecord> records = Deliveries.send(channel(settings(wrong)), pause, Deliveries.alert(AlertEvent.FAILED, Severity.CRITICAL, "Rollback failed"));

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.detail()).contains("refused the login for rewind");
        });
        assertThat(records.toString()).doesNotContain(wrong).doesNotContain(PASSWORD);
        assertThat(channel(settings(wrong)).toString()).doesNotContain(wrong);
        assertThat(SMTP.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsNotThereIsRetriedThenGivenUp() throws Exception {
        Map<String, Object> s = settings(PASSWORD);
        int closedPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        s.put("smtp_port", closedPort);
        List<DeliveryRecord> records = Deliveries.send(channel(s), pause, Deliveries.alert(AlertEvent.STARTED, Severity.CRITICAL, "x"));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.attempts()).isEqualTo(4);
            assertThat(r.detail()).contains("cannot send through smtp://127.0.0.1:" + closedPort);
        });
        assertThat(pause.waits()).hasSize(3);
    }

    @Test
    void aLoginOverPlainSmtpToAnotherHostIsRefused() {
        Map<String, Object> s = settings(PASSWORD);
        s.put("smtp_host", "smtp.example.com");
        assertThatThrownBy(() -> channel(s)).hasMessageContaining("notifications.ceo.password").hasMessageContaining("starttls")
                .hasMessageNotContaining(PASSWORD);
    }
}
