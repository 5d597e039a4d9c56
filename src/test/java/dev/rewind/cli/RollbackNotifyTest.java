package dev.rewind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.rewind.integrations.webhook.WebhookSignature;
import dev.rewind.report.notify.LocalReceiver;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.store.RollbackRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A manual rollback of the demo from the command line notifies every configured channel (receivers on loopback),
 * journals each delivery, shows no secret anywhere a person or a file could see it, and sends nothing with
 * {@code --notify false}. The demo runs real processes, so this takes seconds of wall time; nothing asserts on speed.
 */
@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class RollbackNotifyTest {
    private static final String SLACK_SECRET = "T00000000/B00000000/SlackSecretXXXXXXXXXXXX";
    private static final String ROUTING_KEY = "PDroutingKEY0123456789abcdefABCD";
    private static final String HMAC_SECRET = "hmac-secret-0123456789-ABCDEFGH";
    private static final String GITHUB_TOKEN = "ghp_NotifyTestToken0123456789abcdef";
    private static final List<String> SECRETS = List.of(SLACK_SECRET, ROUTING_KEY, HMAC_SECRET, GITHUB_TOKEN);
    private final JsonMapper json = new JsonMapper();

    private static Path config(Path dir, LocalReceiver slack, LocalReceiver pagerduty, LocalReceiver hook, LocalReceiver github) throws Exception {
        String yaml = """
                rollback_policy:
                  verification:
                    tolerance_percent: 100   # the demo shares two cores with builds; these tests are about notifications
                notifications:
                  incidents:
                    type: slack
                    webhook_url: "%s"
                    max_attempts: 2
                    backoff_seconds: 0.01
                  oncall:
                    type: pagerduty
                    routing_key: %s
                    url: "%s"
                  audit:
                    type: webhook
                    url: "%s"
                    secret: %s
                    events: [started, succeeded, failed, post_mortem_ready]
                  postmortems:
                    type: github
                    repository: acme/shop
                    token: %s
                    api_url: "%s"
                """.formatted(slack.url("/services/" + SLACK_SECRET), ROUTING_KEY, pagerduty.url("/v2/enqueue"), hook.url("/rewind"), HMAC_SECRET,
                GITHUB_TOKEN, github.url(""));
        Path cfg = dir.resolve("rewind.yaml");
        Files.writeString(cfg, yaml);
        return cfg;
    }

    @Test
    void aRollbackFromTheCommandLineNotifiesEveryChannelAndShowsNoSecret(@TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger alerts = (Logger) LoggerFactory.getLogger("dev.rewind.alerts"); // not additive: its own appender
        root.addAppender(logs);
        alerts.addAppender(logs);
        try (LocalReceiver slack = new LocalReceiver(500).answering("server_error");
             LocalReceiver pagerduty = new LocalReceiver(202).answering("{\"status\":\"success\"}");
             LocalReceiver hook = new LocalReceiver(200);
             LocalReceiver github = new LocalReceiver(201).answering("{\"number\": 1234, \"html_url\": \"https://github.com/acme/shop/issues/1234\"}")) {
            Path cfg = config(dir, slack, pagerduty, hook, github);
            Path store = dir.resolve("s.db");
            Path out = dir.resolve("out");

            Cli cli = Cli.run("rollback", "--config", cfg.toString(), "--environment", "demo", "--reason", "support sees checkout errors",
                    "--store", store.toString(), "--out", out.toString());

            assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
            // the webhook: started, succeeded and the post-mortem, each signed over its timestamp and body
            assertThat(hook.requests()).extracting(r -> r.header("X-Rewind-Event")).containsExactly("started", "succeeded", "post_mortem_ready");
            for (LocalReceiver.Request r : hook.requests()) {
                assertThat(WebhookSignature.verify(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
                        r.header(WebhookSignature.SIGNATURE_HEADER), Instant.now(), WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
            }
            // PagerDuty: one incident, triggered when the rollback began and resolved when it succeeded
            List<JsonNode> events = pagerduty.requests().stream().map(r -> json.readTree(r.body())).toList();
            assertThat(events).extracting(e -> e.get("event_action").asString()).containsExactly("trigger", "resolve");
            assertThat(events.get(0).get("dedup_key").asString()).startsWith("rewind/rb-").isEqualTo(events.get(1).get("dedup_key").asString());
            // GitHub: one post-mortem issue, its body the incident report
            assertThat(github.requests()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/repos/acme/shop/issues");
                assertThat(r.header("Authorization")).isEqualTo("Bearer " + GITHUB_TOKEN);
                String body = json.readTree(r.body()).get("body").asString();
                assertThat(body).contains(Files.readString(out.resolve("incident-report.md")).lines().findFirst().orElseThrow());
            });
            // Slack is down: each notification was tried twice, then recorded as failed, and the rollback did not care
            assertThat(slack.requests()).hasSize(4);
            assertThat(cli.out()).contains("Notifications").contains("audit (webhook) started").contains("postmortems (github) post_mortem_ready")
                    .contains("incidents (slack) started failed after 2 attempts (HTTP 500)");

            RollbackRecord row = RewindStore.open(store).history().list(1).getFirst();
            List<JournalEntry> journal = RewindStore.open(store).journal().entries(row.id());
            List<JournalEntry> deliveries = journal.stream().filter(e -> e.action().equals("NOTIFICATION")).toList();
            assertThat(deliveries).extracting(JournalEntry::state).containsOnly("delivered", "failed");
            assertThat(deliveries).filteredOn(e -> e.data().get("channel").equals("incidents")).extracting(JournalEntry::state).containsOnly("failed");
            assertThat(deliveries).filteredOn(e -> e.data().get("channel").equals("postmortems")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("issue #1234"));

            List<String> seen = new ArrayList<>(List.of(cli.out(), cli.err(), row.toString(), Files.readString(out.resolve("rollback_result.yaml")),
                    Files.readString(out.resolve("incident-report.md"))));
            journal.forEach(e -> seen.add(e.toString()));
            logs.list.forEach(e -> seen.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) seen.add(Files.readString(f));
            }
            assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("Rollback initiated"));
            for (String secret : SECRETS) assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(secret));
        } finally {
            root.detachAppender(logs);
            alerts.detachAppender(logs);
        }
    }

    /** A channel whose secret is in a variable nobody sets: it cannot deliver, so it is off, and says so. */
    private static final String UNSET = """
              unset:
                type: webhook
                url: https://hooks.example.com/rewind
                secret: "${REWIND_TEST_VARIABLE_NOBODY_SETS}"
            """;

    @Test
    void aChannelWhoseVariableIsUnsetIsOffAndSaysSoWhileTheRollbackAndTheOtherChannelsGoOn(@TempDir Path dir) throws Exception {
        try (LocalReceiver slack = new LocalReceiver(200); LocalReceiver pagerduty = new LocalReceiver(202);
             LocalReceiver hook = new LocalReceiver(200); LocalReceiver github = new LocalReceiver(201)) {
            Path cfg = config(dir, slack, pagerduty, hook, github);
            Files.writeString(cfg, Files.readString(cfg) + UNSET);

            Cli cli = Cli.run("rollback", "--config", cfg.toString(), "--environment", "demo", "--reason", "x",
                    "--store", dir.resolve("s.db").toString(), "--out", dir.resolve("out").toString());

            // a notification channel never keeps a rollback from running...
            assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
            // ...but nobody may miss that one is off, and where it is configured
            assertThat(cli.out() + cli.err()).contains("notification channel 'unset' (webhook) is OFF")
                    .contains("REWIND_TEST_VARIABLE_NOBODY_SETS is not set").contains("rewind.yaml:");
            assertThat(hook.requests()).isNotEmpty();
            assertThat(slack.requests()).isNotEmpty();
        }
    }

    @Test
    void notifyFalseBuildsNoChannelAndSendsNothing(@TempDir Path dir) throws Exception {
        try (LocalReceiver slack = new LocalReceiver(200); LocalReceiver pagerduty = new LocalReceiver(202);
             LocalReceiver hook = new LocalReceiver(200); LocalReceiver github = new LocalReceiver(201)) {
            Path cfg = config(dir, slack, pagerduty, hook, github);
            Files.writeString(cfg, Files.readString(cfg) + UNSET); // with channels built, this one would be reported OFF

            Cli cli = Cli.run("rollback", "--config", cfg.toString(), "--environment", "demo", "--reason", "quiet test", "--notify", "false",
                    "--store", dir.resolve("s.db").toString(), "--out", dir.resolve("out").toString());

            assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("Status: success").doesNotContain("Notifications").doesNotContain("is OFF");
            assertThat(List.of(slack, pagerduty, hook, github)).allSatisfy(r -> assertThat(r.requests()).isEmpty());
            String id = RewindStore.open(dir.resolve("s.db")).history().list(1).getFirst().id();
            assertThat(RewindStore.open(dir.resolve("s.db")).journal().entries(id)).noneMatch(e -> e.action().equals("NOTIFICATION"));
        }
    }
}
