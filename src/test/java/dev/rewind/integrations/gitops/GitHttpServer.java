package dev.rewind.integrations.gitops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rewind.testing.RealServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Git's smart HTTP protocol as a hosting service serves it: git's own {@code git http-backend} (CGI) behind a small
 * HTTP server on loopback that asks for Basic credentials, as GitHub or GitLab ask for a token. It records the
 * request lines it saw, so a test can check that no credential ever rode in a URL.
 */
public final class GitHttpServer implements AutoCloseable {
    private static final long CGI_LIMIT_SECONDS = 60;
    public final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final Path root;
    private final String user;
    private final String password;

    public GitHttpServer(Path root, String user, String password) throws IOException {
        RealServers.requirePackage(Files.isExecutable(Path.of("/usr/lib/git-core/git-http-backend")), "git http-backend", "git");
        this.root = root;
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + ".git";
    }

    private void handle(HttpExchange ex) throws IOException {
        requestLines.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            cgi(ex);
        }
    }

    /** Runs git http-backend for one request, as a web server runs a CGI program. */
    private void cgi(HttpExchange ex) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REMOTE_USER", user);
        env.put("REQUEST_METHOD", ex.getRequestMethod());
        env.put("PATH_INFO", ex.getRequestURI().getPath());
        env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null) env.put("CONTENT_TYPE", type);
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) env.put("HTTP_CONTENT_ENCODING", encoding);
        String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) env.put("GIT_PROTOCOL", protocol);
        byte[] body = ex.getRequestBody().readAllBytes();
        env.put("CONTENT_LENGTH", Integer.toString(body.length));
        Path out = Files.createTempFile("git-http-backend", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(body);
            }
            if (!p.waitFor(CGI_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                ex.sendResponseHeaders(504, -1);
                return;
            }
            respond(ex, Files.readAllBytes(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(503, -1);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** CGI output: header lines, a blank line, the body; {@code Status:} sets the code. */
    private static void respond(HttpExchange ex, byte[] cgi) throws IOException {
        int split = indexOf(cgi, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        int skip = 4;
        if (split < 0) {
            split = indexOf(cgi, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
            skip = 2;
        }
        String head = new String(cgi, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1);
        int status = 200;
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) status = Integer.parseInt(value.split(" ")[0]);
            else ex.getResponseHeaders().add(name, value);
        }
        byte[] body = split < 0 ? new byte[0] : java.util.Arrays.copyOfRange(cgi, split + skip, cgi.length);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
