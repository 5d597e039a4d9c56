package dev.rewind.report.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP POST with a per-request timeout, its answer sorted into delivered, worth retrying (5xx, 408, 429,
 * a timeout, a refused connection) or not (other 4xx). Shared by the HTTP transports; it never follows a
 * redirect (a webhook URL that redirects is misconfigured, and following could carry a signature elsewhere).
 */
public final class HttpDelivery {
    /** What a receiver may say back that ends up in a record; answers are read up to this many characters. */
    private static final int MAX_ANSWER = 300;
    private final HttpClient client;
    private final Duration timeout;
    private final Secrets secrets;

    public HttpDelivery(Duration timeout, Secrets secrets) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.secrets = secrets;
    }

    /** The answer of a delivered request: its status and its body, cut to a few hundred characters. */
    public record Answer(int status, String body) {
    }

    public Answer post(URI url, Map<String, String> headers, byte[] body) throws DeliveryFailure {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(req::header);
        String where = Endpoint.describe(url);
        HttpResponse<String> res;
        try {
            res = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new DeliveryFailure(true, null, "no answer from " + where + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new DeliveryFailure(true, null, "cannot reach " + where + ": " + secrets.mask(String.valueOf(e.getMessage())) + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure(false, null, "interrupted while posting to " + where);
        }
        String answer = secrets.mask(Text.oneLine(Text.truncate(res.body(), MAX_ANSWER)));
        int status = res.statusCode();
        if (status >= 200 && status < 300) return new Answer(status, answer);
        boolean retryable = status >= 500 || status == 408 || status == 429;
        throw new DeliveryFailure(retryable, status, where + " answered HTTP " + status + (answer.isEmpty() ? "" : ": " + answer));
    }
}
