package dev.rewind.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.act.Actuators;
import dev.rewind.act.RollbackExecutor;
import dev.rewind.act.RollbackRequest;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.controller.JournalDeliveryLog;
import dev.rewind.integrations.webhook.WebhookChannel;
import dev.rewind.model.Phase;
import dev.rewind.model.Plan;
import dev.rewind.model.Release;
import dev.rewind.model.RollbackResult;
import dev.rewind.model.RollbackStatus;
import dev.rewind.model.Step;
import dev.rewind.model.StepAction;
import dev.rewind.report.notify.DeliveryPolicy;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import dev.rewind.report.notify.InMemoryDeliveryLog;
import dev.rewind.report.notify.LocalReceiver;
import dev.rewind.report.notify.NotificationDispatcher;
import dev.rewind.report.notify.Subscription;
import dev.rewind.store.JournalEntry;
import dev.rewind.store.RewindStore;
import dev.rewind.time.SystemTimeSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in a notifier: a webhook endpoint (a real HTTP server in the test, {@link LocalReceiver}) that hangs, or
 * answers 500. The rollback must not wait for it: notifications go out from the dispatcher's own queue, so every step
 * has run and the rollback has ended while the endpoint still holds the first request. The failed delivery is recorded,
 * with the rollback's id, in the journal.
 */
class NotifierFaultsTest {
    private static final List<String> STEPS = List.of("switch", "revert", "scale-down");

    @TempDir Path dir;
    private final TwoVersionService shop = new TwoVersionService("v2", "v1");

    private static NotificationDispatcher dispatcher(LocalReceiver hook, Duration timeout, InMemoryDeliveryLog tap, JournalDeliveryLog journaled) {
        var channel = WebhookChannel.from("ops-hook", new IntegrationConfig("webhook", Map.of("url", hook.url("/hook"), "secret", "s3cret-s3cret-s3cret"),
                "rewind.yaml", 1, "notifications.ops-hook"), timeout, Clock.systemUTC());
        DeliveryPolicy policy = DeliveryPolicy.DEFAULT.withMaxAttempts(2).withBackoff(Duration.ofMillis(50)).withTimeout(timeout);
        return new NotificationDispatcher(List.of(new Subscription(channel, Subscription.DEFAULT_EVENTS, policy)), r -> {
            tap.record(r);
            journaled.record(r);
        });
    }

    private RollbackResult rollBack(RewindStore store, NotificationDispatcher notifier) {
        Duration limit = Duration.ofSeconds(60);
        Plan plan = new Plan("three-steps", "blue-green", 0, Duration.ofMinutes(5), List.of(new Phase("rollback", "back on v1", List.of(
                new Step("switch", "traffic to v1", new StepAction.SwitchTraffic("shop", "v2", "v1"), limit, Duration.ofSeconds(1), true),
                new Step("revert", "v1 deployed", new StepAction.Revert("shop", "v2", "v1"), limit, Duration.ofSeconds(1), true),
                new Step("scale-down", "v2 to zero", new StepAction.ScaleDown("shop", "v2"), limit, Duration.ofSeconds(1), true)))));
        Release release = new Release("shop", "prod", "v2", "v1", Instant.now(), List.of(), null, 100, null);
        return new RollbackExecutor(Actuators.none().withRouter(shop).withDeployer(shop).withNotifier(notifier), store.journal(), new SystemTimeSource(), 1)
                .execute(new RollbackRequest("rb-notify", release, "v1", plan, null));
    }

    @Test
    void aHangingEndpointDoesNotHoldTheRollbackAndItsLater500sAreRecordedAsAFailedDelivery() throws Exception {
        InMemoryDeliveryLog tap = new InMemoryDeliveryLog();
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"));
             LocalReceiver hook = new LocalReceiver(500).hold()) {
            JournalDeliveryLog journaled = new JournalDeliveryLog(store.journal());
            try (NotificationDispatcher notifier = dispatcher(hook, Duration.ofSeconds(20), tap, journaled)) {
                RollbackResult r = rollBack(store, notifier);

                // the endpoint answers nothing until released: whatever the rollback did, it did while the first
                // notification was still unanswered
                assertThat(hook.awaitFirst(10)).as("the 'started' notification reached the endpoint").isTrue();
                assertThat(tap.records()).as("no delivery has ended: the endpoint still holds the first").isEmpty();
                assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
                assertThat(shop.log).containsExactly("router.set {v1=100, v2=0}", "deploy v1", "scaleDown v2");
                assertThat(store.journal().entries("rb-notify")).filteredOn(e -> e.stepId() != null && e.begins() != null)
                        .extracting(JournalEntry::stepId).containsExactlyElementsOf(STEPS);

                hook.release();
                assertThat(notifier.flush(Duration.ofSeconds(60))).as("the dispatcher finished its queue").isTrue();
            }
            journaled.writePending();

            assertThat(tap.records()).isNotEmpty().allSatisfy(d -> {
                assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(d.httpStatus()).isEqualTo(500);
                assertThat(d.attempts()).isEqualTo(2);
            });
            assertThat(store.journal().entries("rb-notify")).filteredOn(e -> e.action().equals(JournalDeliveryLog.ACTION))
                    .isNotEmpty().allSatisfy(e -> {
                        assertThat(e.state()).isEqualTo(DeliveryStatus.FAILED.label());
                        assertThat(e.detail()).startsWith("ops-hook (webhook)");
                        assertThat(e.data()).containsEntry("http_status", 500);
                    });
        }
    }

    @Test
    void anEndpointThatNeverAnswersTimesOutAndTheTimeoutIsRecorded() throws Exception {
        InMemoryDeliveryLog tap = new InMemoryDeliveryLog();
        try (RewindStore store = RewindStore.open(dir.resolve("rewind.db"));
             LocalReceiver hook = new LocalReceiver(200).hold()) {
            JournalDeliveryLog journaled = new JournalDeliveryLog(store.journal());
            try (NotificationDispatcher notifier = dispatcher(hook, Duration.ofSeconds(1), tap, journaled)) {
                RollbackResult r = rollBack(store, notifier);
                assertThat(r.status()).isEqualTo(RollbackStatus.SUCCESS_UNVERIFIED);
                assertThat(notifier.flush(Duration.ofSeconds(60))).as("the dispatcher finished its queue").isTrue();
            }
            journaled.writePending();

            assertThat(tap.records()).isNotEmpty().allSatisfy(d -> {
                assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
                assertThat(d.detail()).contains("no answer from").contains("within 1000 ms");
            });
            List<JournalEntry> rows = store.journal().entries("rb-notify");
            assertThat(rows).filteredOn(e -> e.action().equals(JournalDeliveryLog.ACTION)).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.detail()).contains("no answer from").contains("within 1000 ms"));
            assertThat(rows).filteredOn(e -> e.action().equals("ROLLBACK_FINISHED")).hasSize(1);
        }
    }
}
