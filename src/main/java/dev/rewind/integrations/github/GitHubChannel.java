package dev.rewind.integrations.github;

import dev.rewind.config.IntegrationConfig;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Endpoint;
import dev.rewind.report.notify.HttpDelivery;
import dev.rewind.report.notify.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code type: github}: {@code repository} (owner/name), {@code token} (a secret; needs issues: write),
 * {@code labels} (default seed 001's incident, rollback, critical), {@code api_url} (GitHub Enterprise, or a test).
 */
public final class GitHubChannel {
    public static final List<String> SEED_LABELS = List.of("incident", "rollback", "critical");

    private GitHubChannel() {
    }

    public static Channel<IssueTemplate.Issue> from(String name, IntegrationConfig c, Duration timeout) {
        c.allowOnly(Set.of("repository", "token", "labels", "api_url"));
        String repository = c.requireString("repository").trim();
        if (!repository.matches("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}") || repository.contains("..")) {
            throw c.error("repository", "expected owner/name (letters, digits, '-', '_', '.'), found '" + repository + "'");
        }
        String token = c.requireString("token").trim();
        if (token.isEmpty() || token.chars().anyMatch(ch -> ch <= ' ' || ch > '~')) throw c.error("token", "expected a token of printable characters without spaces");
        List<String> labels = c.settings().containsKey("labels") ? c.strings("labels") : SEED_LABELS;
        if (labels.size() > 20 || labels.stream().anyMatch(l -> l.isBlank() || l.length() > 50)) {
            throw c.error("labels", "expected at most 20 labels of 1-50 characters");
        }
        URI api;
        try {
            api = Endpoint.check(c.string("api_url", GitHubIssues.API.toString()));
        } catch (IllegalArgumentException e) {
            throw c.error("api_url", e.getMessage());
        }
        Secrets secrets = Secrets.of(token);
        return new Channel<>(name, "github", new IssueTemplate(labels), new GitHubIssues(api, repository, token, new HttpDelivery(timeout, secrets)), secrets);
    }
}
