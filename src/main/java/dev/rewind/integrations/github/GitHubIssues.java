package dev.rewind.integrations.github;

import dev.rewind.report.notify.DeliveryFailure;
import dev.rewind.report.notify.HttpDelivery;
import dev.rewind.report.notify.Receipt;
import dev.rewind.report.notify.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** GitHub's REST API: {@code POST /repos/{owner}/{repo}/issues} with a bearer token; 201 returns the new issue. */
public final class GitHubIssues implements Transport<IssueTemplate.Issue> {
    public static final URI API = URI.create("https://api.github.com");
    public static final String API_VERSION = "2022-11-28";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final URI issues;
    private final String token;
    private final HttpDelivery http;

    /** @param repository owner/name, already checked */
    public GitHubIssues(URI api, String repository, String token, HttpDelivery http) {
        String base = api.toString().endsWith("/") ? api.toString() : api + "/";
        this.issues = URI.create(base + "repos/" + repository + "/issues");
        this.token = token;
        this.http = http;
    }

    @Override
    public Receipt deliver(IssueTemplate.Issue issue) throws DeliveryFailure {
        ObjectNode body = JSON.createObjectNode();
        body.put("title", issue.title());
        body.put("body", issue.body());
        var labels = body.putArray("labels");
        issue.labels().forEach(labels::add);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", "application/vnd.github+json");
        headers.put("X-GitHub-Api-Version", API_VERSION);
        headers.put("User-Agent", "rewind");
        headers.put("Content-Type", "application/json; charset=utf-8");
        HttpDelivery.Answer a = http.post(issues, headers, JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        return new Receipt(a.status(), created(a.body()));
    }

    /** "issue #12 https://github.com/o/r/issues/12", from as much of the answer as was read. */
    private static String created(String answer) {
        try {
            JsonNode n = JSON.readTree(answer);
            return "issue #" + n.path("number").asString("?") + (n.has("html_url") ? " " + n.path("html_url").asString("") : "");
        } catch (RuntimeException e) {
            return "issue created";
        }
    }

    @Override
    public String toString() {
        return "GitHubIssues[" + issues.getHost() + issues.getPath() + ", token=****]";
    }
}
