package dev.rewind.integrations.email;

import dev.rewind.report.notify.DeliveryFailure;
import dev.rewind.report.notify.Receipt;
import dev.rewind.report.notify.Secrets;
import dev.rewind.report.notify.Transport;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends over SMTP (Angus Mail): STARTTLS required when {@code starttls}, implicit TLS when {@code ssl}, with
 * connect, read and write timeouts so a silent server cannot hold the channel's thread. A refused login or
 * address is not retried; a dropped connection or a 4xx from the server is.
 */
public final class SmtpMailer implements Transport<EmailTemplate.Email> {
    /** @param username null for a relay that takes mail without a login */
    public record Server(String host, int port, boolean starttls, boolean ssl, String username, String password) {
        @Override
        public String toString() {
            return "Server[" + host + ":" + port + (starttls ? " starttls" : "") + (ssl ? " ssl" : "") + (username == null ? "" : " user=" + username + " password=****") + "]";
        }
    }

    private final Server server;
    private final InternetAddress from;
    private final List<InternetAddress> to;
    private final Session session;
    private final Secrets secrets;

    public SmtpMailer(Server server, InternetAddress from, List<InternetAddress> to, Duration timeout, Secrets secrets) {
        this.server = server;
        this.from = from;
        this.to = List.copyOf(to);
        this.secrets = secrets;
        String proto = server.ssl() ? "smtps" : "smtp";
        Properties p = new Properties();
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", server.host());
        p.put("mail." + proto + ".port", Integer.toString(server.port()));
        p.put("mail." + proto + ".auth", Boolean.toString(server.username() != null));
        p.put("mail." + proto + ".connectiontimeout", Long.toString(timeout.toMillis()));
        p.put("mail." + proto + ".timeout", Long.toString(timeout.toMillis()));
        p.put("mail." + proto + ".writetimeout", Long.toString(timeout.toMillis()));
        if (server.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (server.starttls() || server.ssl()) p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        this.session = Session.getInstance(p); // getInstance, not getDefaultInstance: no JVM-wide session
    }

    @Override
    public Receipt deliver(EmailTemplate.Email email) throws DeliveryFailure {
        String where = "smtp://" + server.host() + ":" + server.port();
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
            m.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            m.setText(email.text(), StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            m.setHeader("Auto-Submitted", "auto-generated");
            try (jakarta.mail.Transport t = session.getTransport()) {
                if (server.username() != null) t.connect(server.host(), server.port(), server.username(), server.password());
                else t.connect();
                t.sendMessage(m, m.getAllRecipients());
            }
            return new Receipt(null, "mailed " + to.size() + " recipient(s) through " + server.host());
        } catch (AuthenticationFailedException e) {
            throw new DeliveryFailure(false, null, where + " refused the login for " + server.username());
        } catch (SendFailedException e) {
            throw new DeliveryFailure(e.getValidUnsentAddresses() != null && e.getValidUnsentAddresses().length > 0, null,
                    where + " refused recipients: " + secrets.mask(String.valueOf(e.getMessage())));
        } catch (MessagingException e) {
            throw new DeliveryFailure(true, null, "cannot send through " + where + ": " + secrets.mask(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public String toString() {
        return "SmtpMailer[" + server + " -> " + to.size() + " recipient(s)]";
    }
}
