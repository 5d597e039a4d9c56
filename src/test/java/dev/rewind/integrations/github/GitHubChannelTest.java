package dev.rewind.integrations.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.Alert;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import dev.rewind.report.notify.Channel;
import dev.rewind.report.notify.Deliveries;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import dev.rewind.report.notify.RecordingPause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Post-mortem issues against WireMock on loopback, checking the request GitHub's REST API documents. */
class GitHubChannelTest {
    private static final String TOKEN = "ghp_TESTtoken0123456789abcdefABCDEF";
    private static final String ISSUES = "/repos/acme/shop/issues";
    private final RecordingPause pause = new RecordingPause();
    private WireMockServer github;

    @BeforeEach
    void start() {
        github = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        github.start();
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    private Channel<IssueTemplate.Issue> channel() {
        return GitHubChannel.from("postmortems", new IntegrationConfig("github", Map.of("repository", "acme/shop", "token", TOKEN,
                "api_url", "http://127.0.0.1:" + github.port()), "rewind.yaml", 12, "notifications.postmortems"), Duration.ofSeconds(5));
    }

    private static Alert postMortem(Path report) {
        Map<String, Object> f = new LinkedHashMap<>(Deliveries.alert(AlertEvent.POST_MORTEM_READY, Severity.HIGH, "x").fields());
        f.put("incident_report", report.toString());
        return new Alert(Severity.HIGH, "Post-mortem ready: shop 2.4.0 in production (success)", "error_rate. Probable cause: flag new-checkout",
                Deliveries.T0, f);
    }

    @Test
    void opensAnIssueFromTheIncidentReportWithSeed001sLabels(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("incident-report.md");
        Files.writeString(report, "# Incident report: shop 2.4.0\n\n## Timeline\n- 10:12 error_rate 5.2 > 1.0\n");
        github.stubFor(post(urlEqualTo(ISSUES)).willReturn(aResponse().withStatus(201)
                .withBody("{\"number\": 1234, \"html_url\": \"https://github.com/acme/shop/issues/1234\"}")));

        List<DeliveryRecord> records = Deliveries.send(channel(), pause, postMortem(report));

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.httpStatus()).isEqualTo(201);
            assertThat(r.detail()).isEqualTo("issue #1234 https://github.com/acme/shop/issues/1234");
        });
        github.verify(1, postRequestedFor(urlEqualTo(ISSUES))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.matching("application/json(;.*)?"))
                .withRequestBody(equalToJson("{\"labels\": [\"incident\", \"rollback\", \"critical\"]}", true, true)));
        JsonNode issue = new JsonMapper().readTree(github.getAllServeEvents().getFirst().getRequest().getBodyAsString());
        assertThat(issue.get("title").asString()).isEqualTo("Post-mortem: shop 2.4.0 → 2.3.1 (rb-20260126-100000-abcd)");
        assertThat(issue.get("body").asString()).contains("**Trigger:** error_rate").contains("**Rollback:** rb-20260126-100000-abcd")
                .endsWith("# Incident report: shop 2.4.0\n\n## Timeline\n- 10:12 error_rate 5.2 > 1.0\n");
        assertThat(records.toString()).doesNotContain(TOKEN);
    }

    @Test
    void retriesAGitHubOutageAndRecordsTheRefusalOfABadTokenWithoutTheToken(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.md");
        Files.writeString(report, "# report");
        github.stubFor(post(urlEqualTo(ISSUES)).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        github.stubFor(post(urlEqualTo(ISSUES)).inScenario("outage").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(201).withBody("{\"number\": 7}")));

        List<DeliveryRecord> ok = Deliveries.send(channel(), pause, postMortem(report));
        assertThat(ok).singleElement().satisfies(r -> {
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.detail()).isEqualTo("issue #7");
        });

        github.resetAll();
        github.stubFor(post(urlEqualTo(ISSUES)).willReturn(aResponse().withStatus(401)
                .withBody("{\"message\": \"Bad credentials for " + TOKEN + "\"}")));
        List<DeliveryRecord> refused = Deliveries.send(channel(), pause, postMortem(report));
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.httpStatus()).isEqualTo(401);
            assertThat(r.detail()).contains("Bad credentials for ****").doesNotContain(TOKEN);
        });
    }

    @Test
    void aRepositoryThatIsNotOwnerSlashNameIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GitHubChannel.from("p", new IntegrationConfig("github",
                Map.of("repository", "acme/../admin", "token", TOKEN), "rewind.yaml", 12, "notifications.p"), Duration.ofSeconds(5)))
                .hasMessageContaining("notifications.p.repository").hasMessageContaining("expected owner/name");
    }
}
