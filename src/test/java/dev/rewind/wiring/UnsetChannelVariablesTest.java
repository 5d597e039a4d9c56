package dev.rewind.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.config.ConfigLoader;
import dev.rewind.config.RewindConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A channel whose secret is not in the environment cannot deliver; it must not keep a rollback from running either. */
class UnsetChannelVariablesTest {
    private static final String SEED_001_NOTIFICATIONS = """
            rollback_policy:
              notifications:
                ceo_alert: true
                slack_webhook: "${SLACK_WEBHOOK_URL}"
            """;

    @Test
    void aSeedChannelWithoutItsVariableIsLeftOutAndTheConsoleIsToldWhy() {
        RewindConfig cfg = new ConfigLoader(name -> null).parse("rollback-config.yml", SEED_001_NOTIFICATIONS).config();
        List<String> skipped = new ArrayList<>();

        var channels = NotificationChannels.build(cfg.notifications(), Clock.systemUTC(), name -> null, skipped);

        assertThat(channels).isEmpty();
        assertThat(skipped).containsExactly("slack");
        assertThat(NotificationChannels.unsetVariables(cfg.notifications().channels().getFirst().settings().settings(), Map.<String, String>of()::get))
                .containsExactly("SLACK_WEBHOOK_URL");
    }

    @Test
    void aChannelThatNamesNoVariableIsBuilt() {
        RewindConfig cfg = new ConfigLoader(name -> null).parse("rollback-config.yml",
                SEED_001_NOTIFICATIONS.replace("${SLACK_WEBHOOK_URL}", "https://hooks.slack.com/services/T000/B000/XXXX")).config();
        List<String> skipped = new ArrayList<>();

        var channels = NotificationChannels.build(cfg.notifications(), Clock.systemUTC(), name -> null, skipped);

        assertThat(skipped).isEmpty();
        assertThat(channels).hasSize(1);
    }
}
