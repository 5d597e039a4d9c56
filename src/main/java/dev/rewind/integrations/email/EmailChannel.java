package dev.rewind.integrations.email;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Secrets;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code type: email}: {@code to} (one address or a list, at most 50), {@code from} (default rewind@localhost),
 * {@code smtp_host} (default localhost), {@code smtp_port} (default 465 with ssl, 587 with starttls, else 25),
 * {@code starttls}, {@code ssl}, {@code username} and {@code password} (a secret). Plain SMTP with a login is
 * refused unless the server is this machine: the password would cross the network in clear.
 */
public final class EmailChannel {
    static final int MAX_RECIPIENTS = 50;

    private EmailChannel() {
    }

    public static Channel<EmailTemplate.Email> from(String name, IntegrationConfig c, Duration timeout) {
        c.allowOnly(Set.of("to", "from", "smtp_host", "smtp_port", "starttls", "ssl", "username", "password"));
        List<InternetAddress> to = new ArrayList<>();
        for (String a : c.strings("to")) to.add(address(c, "to", a));
        if (to.isEmpty()) throw c.error("to", "is required for type 'email': who gets the mail");
        if (to.size() > MAX_RECIPIENTS) throw c.error("to", "expected at most " + MAX_RECIPIENTS + " recipients, found " + to.size());
        InternetAddress from = address(c, "from", c.string("from", "rewind@localhost"));
        String host = c.string("smtp_host", "localhost").trim();
        if (!host.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) throw c.error("smtp_host", "expected a host name or address, found '" + host + "'");
        boolean ssl = c.bool("ssl", false);
        boolean starttls = c.bool("starttls", false);
        if (ssl && starttls) throw c.error("starttls", "give either ssl (implicit TLS) or starttls, not both");
        int port = c.integer("smtp_port", ssl ? 465 : starttls ? 587 : 25, 1, 65535);
        String username = c.string("username", null);
        String password = c.string("password", null);
        if ((username == null) != (password == null)) throw c.error(username == null ? "username" : "password", "give username and password together");
        boolean local = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
        if (username != null && !ssl && !starttls && !local) {
            throw c.error("password", "a login over plain SMTP to " + host + " would send the password in clear; set starttls: true or ssl: true");
        }
        Secrets secrets = Secrets.of(password);
        SmtpMailer.Server server = new SmtpMailer.Server(host, port, starttls, ssl, username, password);
        return new Channel<>(name, "email", new EmailTemplate(), new SmtpMailer(server, from, to, timeout, secrets), secrets);
    }

    private static InternetAddress address(IntegrationConfig c, String key, String text) {
        try {
            InternetAddress a = new InternetAddress(text.trim(), true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw c.error(key, "expected an email address, found '" + text + "'");
        }
    }
}
