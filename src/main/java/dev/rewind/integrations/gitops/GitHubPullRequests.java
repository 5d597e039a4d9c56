package dev.rewind.integrations.gitops;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * GitHub's REST API for the revert's pull request: {@code POST /repos/{owner}/{repo}/pulls}, and the repository's
 * permissions for the doctor. The token is read when used, sent only in the Authorization header, and masked out of
 * every message.
 */
final class GitHubPullRequests {
    private final String apiUrl;
    private final String repository;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Duration timeout;

    GitHubPullRequests(String apiUrl, String repository, Supplier<String> token, Duration timeout) {
        this.apiUrl = apiUrl.replaceAll("/+$", "");
        this.repository = repository;
        this.token = token;
        this.timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        this.http = HttpClient.newBuilder().connectTimeout(this.timeout).build();
    }

    /** Opens the pull request of {@code head} into {@code base}, or finds the open one a previous attempt opened; returns its web URL. */
    String open(String head, String base, String title, String body) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("title", title);
        request.put("head", head);
        request.put("base", base);
        request.put("body", body);
        request.put("maintainer_can_modify", true);
        Answer a = send("POST", "/repos/" + repository + "/pulls", Json.write(request));
        if (a.status() == 201) return htmlUrl(a);
        if (a.status() == 422 && a.body().contains("already exists")) {
            String owner = repository.substring(0, repository.indexOf('/'));
            Answer open = send("GET", "/repos/" + repository + "/pulls?state=open&base=" + encode(base) + "&head=" + encode(owner + ":" + head), null);
            List<?> pulls = open.status() == 200 ? Json.readList(open.body()) : List.of();
            if (!pulls.isEmpty() && GitOpsCluster.map(pulls.getFirst()) instanceof Map<String, Object> pr && pr.get("html_url") instanceof String url) {
                return url;
            }
        }
        throw refused(a, "open a pull request from " + head + " into " + base);
    }

    /** Whether this token may push to the repository, as GitHub says ({@code permissions.push} of {@code GET /repos/{owner}/{repo}}). */
    boolean mayPush() {
        Answer a = send("GET", "/repos/" + repository, null);
        if (a.status() != 200) throw refused(a, "read the repository " + repository);
        Object push = GitOpsCluster.at(Json.read(a.body()), "permissions", "push");
        return Boolean.TRUE.equals(push);
    }

    String describe() {
        return apiUrl + "/repos/" + repository;
    }

    private record Answer(int status, String body, String url) {
    }

    private Answer send(String method, String path, String json) {
        String secret = token.get();
        URI uri = URI.create(apiUrl + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + secret)
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "rewind");
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), GitLogin.mask(r.body(), List.of(secret)), apiUrl + path.replaceAll("\\?.*", ""));
        } catch (IOException e) {
            throw new UnreachableException(apiUrl, GitLogin.mask(e.getClass().getSimpleName() + " " + e.getMessage(), List.of(secret)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailedException("interrupted while calling " + apiUrl, e);
        }
    }

    private static String htmlUrl(Answer a) {
        if (Json.read(a.body()).get("html_url") instanceof String url) return url;
        throw new ActionFailedException("GitHub created the pull request but its answer has no html_url: " + abbreviate(a.body()));
    }

    private RuntimeException refused(Answer a, String what) {
        String message = Json.messageOf(a.body());
        if (a.status() == 401 || a.status() == 403) return UnreachableException.unauthorized(a.url(), "HTTP " + a.status() + " while trying to " + what + ": " + message);
        return new ActionFailedException("GitHub refused to " + what + " (" + a.url() + "): HTTP " + a.status() + " " + message);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
