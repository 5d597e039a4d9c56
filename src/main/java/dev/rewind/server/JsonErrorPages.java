package dev.rewind.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jetty refuses some requests before Javalin sees them (a control character in a header, a path that is not valid
 * percent-encoding, a request line or headers too long). Its default answer is an HTML page; this one answers in
 * DESIGN.md §3.5's error shape like every other refusal, naming the part of the request that was wrong.
 */
final class JsonErrorPages extends ErrorHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Jetty writes error pages only for GET, POST and HEAD; a refused PUT or DELETE deserves the same answer. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        ApiError e = of(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty closes the connection after these; saying so keeps a client from sending its next request down it
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsString(e.body()).getBytes(StandardCharsets.UTF_8)), callback);
    }

    static ApiError of(int code, String message) {
        String why = message == null || message.isBlank() ? "" : ": " + message.replaceAll("\\p{Cntrl}", "?");
        return switch (code) {
            case 400 -> new ApiError(400, "bad_request", "the request could not be read (its line, path or headers are malformed)" + why, "request");
            case 413 -> new ApiError(413, "payload_too_large", "the body is too large" + why, "body");
            case 414 -> new ApiError(414, "uri_too_long", "the path and query are too long" + why, "path");
            case 431 -> new ApiError(431, "headers_too_large", "the request headers are too large" + why, "headers");
            default -> new ApiError(code, code >= 500 ? "internal" : "http_" + code, (code >= 500 ? "the server failed to answer" : "refused") + why, null);
        };
    }
}
