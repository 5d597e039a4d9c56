package dev.rewind.integrations.prometheus;

import dev.rewind.model.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the SSLContext for a Prometheus behind TLS: the JDK trust store, a private CA file, or no checks. */
final class PrometheusTls {

    private PrometheusTls() {
    }

    static SSLContext sslContext(PrometheusSettings settings) {
        try {
            if (settings.insecureSkipVerify()) return context(new TrustManager[] {new TrustingEveryone()});
            if (settings.caFile() == null) return SSLContext.getDefault();
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(caStore(settings.caFile(), settings.source()));
            return context(tmf.getTrustManagers());
        } catch (GeneralSecurityException e) {
            throw new BadInputException(settings.source().file(), settings.source().line(), settings.source().path() + ".tls",
                    "could not set up TLS: " + e.getMessage());
        }
    }

    private static SSLContext context(TrustManager[] managers) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, managers, null);
        return ctx;
    }

    private static KeyStore caStore(Path file, PrometheusSettings.Source source) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) throw new GeneralSecurityException("no certificate found");
        } catch (IOException | GeneralSecurityException e) {
            throw new BadInputException(source.file(), source.line(), source.path() + ".tls.ca_file",
                    "expected PEM certificate(s) in " + file + ": " + e.getMessage());
        }
        return store;
    }

    /** insecure_skip_verify: accepts any certificate and host name, for labs only, as the setting says. */
    private static final class TrustingEveryone extends X509ExtendedTrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
