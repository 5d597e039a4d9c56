package dev.rewind.report.notify;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP POST with a per-request timeout, its answer sorted into delivered, worth retrying (5xx, 408, 429,
 * a timeout, a refused connection) or not (other 4xx). Shared by the HTTP transports; it never follows a
 * redirect (a webhook URL that redirects is misconfigured, and following could carry a signature elsewhere).
 */
public final class HttpDelivery {
    /** What a receiver may say back that ends up in a record, in characters. */
    private static final int MAX_ANSWER = 300;
    /** How much of an answer is kept at all (GitHub's issue JSON puts number and html_url first). */
    private static final int MAX_READ = 16 * 1024;
    private final HttpClient client;
    private final Duration timeout;
    private final Secrets secrets;

    public HttpDelivery(Duration timeout, Secrets secrets) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.secrets = secrets;
    }

    /** The answer of a delivered request: its status and the first {@code MAX_READ} bytes of its body. */
    public record Answer(int status, String body) {
    }

    public Answer post(URI url, Map<String, String> headers, byte[] body) throws DeliveryFailure {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(req::header);
        String where = Endpoint.describe(url);
        // the whole exchange, answer body included, ends within the timeout: a receiver that trickles cannot hold the channel
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(req.build(), r -> new BoundedBody(MAX_READ));
        HttpResponse<String> res;
        try {
            res = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new DeliveryFailure(true, null, "no answer from " + where + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new DeliveryFailure(true, null, "no answer from " + where + " within " + timeout.toMillis() + " ms");
            }
            throw new DeliveryFailure(true, null, "cannot reach " + where + ": " + secrets.mask(String.valueOf(cause.getMessage()))
                    + " (" + cause.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeliveryFailure(false, null, "interrupted while posting to " + where);
        }
        String answer = Text.truncate(secrets.mask(Text.oneLine(res.body())), MAX_ANSWER); // masked before it is cut: no half secret
        int status = res.statusCode();
        if (status >= 200 && status < 300) return new Answer(status, res.body());
        boolean retryable = status >= 500 || status == 408 || status == 429;
        throw new DeliveryFailure(retryable, status, where + " answered HTTP " + status + (answer.isEmpty() ? "" : ": " + answer));
    }

    /** Keeps the first {@code max} bytes of an answer and lets the rest go by: an answer cannot fill the memory. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<String> {
        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int take = Math.min(b.remaining(), max - kept.size());
                if (take > 0) {
                    byte[] chunk = new byte[take];
                    b.get(chunk);
                    kept.write(chunk, 0, take);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(kept.toString(StandardCharsets.UTF_8));
        }
    }
}
