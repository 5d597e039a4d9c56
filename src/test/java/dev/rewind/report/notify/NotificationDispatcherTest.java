package dev.rewind.report.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.Alert;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine with in-memory transports: retries, give-up, drops, isolation of a hung channel, and the bounded close. */
@org.junit.jupiter.api.extension.ExtendWith(dev.rewind.secrets.FreshSecrets.class) // one test registers a secret
class NotificationDispatcherTest {
    private static final Instant T0 = Instant.parse("2026-01-26T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private final RecordingPause pause = new RecordingPause();
    private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();

    /** Answers from a script: a failure per entry, then success. */
    private static final class Scripted implements Transport<String> {
        final Deque<DeliveryFailure> failures = new ArrayDeque<>();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        int calls;

        Scripted failing(DeliveryFailure... f) {
            failures.addAll(List.of(f));
            return this;
        }

        @Override
        public synchronized Receipt deliver(String message) throws DeliveryFailure {
            calls++;
            if (!failures.isEmpty()) throw failures.removeFirst();
            delivered.add(message);
            return new Receipt(200, "ok");
        }
    }

    private static Subscription sub(String name, Transport<String> t, Set<AlertEvent> events, DeliveryPolicy policy) {
        return new Subscription(new Channel<>(name, "test", n -> n.event().label() + ":" + n.title(), t, Secrets.none()), events, policy);
    }

    private static Alert alert(AlertEvent e, String title) {
        return new Alert(Severity.CRITICAL, title, "body", T0, e.on(Map.of("rollback_id", "rb-1", "service", "shop")));
    }

    private static DeliveryFailure http(int status) {
        return new DeliveryFailure(status >= 500, status, "answered HTTP " + status);
    }

    @Test
    void retriesA5xxWithGrowingBackoffThenDelivers() {
        Scripted t = new Scripted().failing(http(503), http(502));
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(sub("a", t, Subscription.DEFAULT_EVENTS, DeliveryPolicy.DEFAULT)), log, CLOCK, pause)) {
            d.notify(alert(AlertEvent.STARTED, "Rollback initiated"));
            assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(t.delivered).containsExactly("started:Rollback initiated");
        assertThat(log.records()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(r.httpStatus()).isEqualTo(200);
            assertThat(r.rollbackId()).isEqualTo("rb-1");
            assertThat(r.event()).isEqualTo(AlertEvent.STARTED);
        });
        assertThat(pause.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aBlindWatchReachesDefaultChannelsMaskedWhoeverBuiltTheAlert() {
        dev.rewind.secrets.SecretRegistry.global().register("promTokenXYZ-0123456789");
        List<String> bodies = new CopyOnWriteArrayList<>();
        Transport<String> t = message -> {
            bodies.add(message);
            return new Receipt(200, "ok");
        };
        Subscription byDefault = new Subscription(new Channel<>("hook", "webhook", n -> n.event().label() + ":" + n.title() + ":" + n.body(), t,
                Secrets.none()), Subscription.defaultsFor("webhook"), DeliveryPolicy.DEFAULT);
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(byDefault), log, CLOCK, pause)) {
            // as watch sends it: straight to the dispatcher, not through CompositeNotifier
            d.notify(dev.rewind.controller.BlindAlerts.gaveUp("shop", "production", "2.4.0", "blind for 5m 0s",
                    "bearer promTokenXYZ-0123456789 rejected", T0));
            d.notify(dev.rewind.controller.BlindAlerts.readableAgain("shop", "production", "2.4.0", Duration.ofSeconds(30), T0));
            assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).startsWith("metrics_blind:Rewind gave up watching shop").contains("bearer **** rejected")
                .doesNotContain("promTokenXYZ");
        assertThat(bodies.get(1)).startsWith("metrics_readable:");
    }

    @Test
    void givesUpAfterMaxAttemptsAndRecordsTheLastFailure() {
        Scripted t = new Scripted().failing(http(500), http(500), http(500), http(500), http(500));
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(sub("a", t, Subscription.DEFAULT_EVENTS, DeliveryPolicy.DEFAULT.withMaxAttempts(3))), log, CLOCK, pause)) {
            d.notify(alert(AlertEvent.FAILED, "Rollback failed"));
            assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(t.calls).isEqualTo(3);
        assertThat(log.records()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(r.httpStatus()).isEqualTo(500);
            assertThat(r.detail()).contains("HTTP 500").contains("gave up after 3 attempts");
        });
        assertThat(pause.waits()).hasSize(2);
    }

    @Test
    void aRefusalThatRetryingCannotFixIsNotRetried() {
        Scripted t = new Scripted().failing(http(403));
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(sub("a", t, Subscription.DEFAULT_EVENTS, DeliveryPolicy.DEFAULT)), log, CLOCK, pause)) {
            d.notify(alert(AlertEvent.STARTED, "x"));
            d.flush(Duration.ofSeconds(10));
        }
        assertThat(t.calls).isEqualTo(1);
        assertThat(log.records()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.detail()).contains("not retried");
        });
        assertThat(pause.waits()).isEmpty();
    }

    @Test
    void aChannelGetsOnlyTheEventsItSubscribesTo() {
        Scripted chat = new Scripted();
        Scripted issues = new Scripted();
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(
                sub("chat", chat, Subscription.defaultsFor("slack"), DeliveryPolicy.DEFAULT),
                sub("issues", issues, Subscription.defaultsFor("github"), DeliveryPolicy.DEFAULT)), log, CLOCK, pause)) {
            d.notify(alert(AlertEvent.STARTED, "a"));
            d.notify(alert(AlertEvent.NOTICE, "b"));
            d.notify(alert(AlertEvent.POST_MORTEM_READY, "c"));
            d.flush(Duration.ofSeconds(10));
        }
        assertThat(chat.delivered).containsExactly("started:a");
        assertThat(issues.delivered).containsExactly("post_mortem_ready:c");
    }

    @Test
    void aHungChannelDelaysNeitherTheCallerNorAnotherChannelAndDropsWhatItsQueueCannotHold() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Transport<String> hung = m -> {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Receipt(200, "late");
        };
        CountDownLatch fastGotAll = new CountDownLatch(4);
        Transport<String> fast = m -> {
            fastGotAll.countDown();
            return new Receipt(200, "ok");
        };
        NotificationDispatcher d = new NotificationDispatcher(List.of(
                sub("hung", hung, Subscription.DEFAULT_EVENTS, DeliveryPolicy.DEFAULT.withQueueCapacity(2)),
                sub("fast", fast, Subscription.DEFAULT_EVENTS, DeliveryPolicy.DEFAULT)), log, CLOCK, pause);
        d.notify(alert(AlertEvent.STARTED, "1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the hung channel took the first notification").isTrue();

        // the hung transport is still blocked (release not counted down), yet every call returns
        for (int i = 2; i <= 4; i++) d.notify(alert(AlertEvent.FAILED, Integer.toString(i)));
        assertThat(release.getCount()).isEqualTo(1);

        assertThat(fastGotAll.await(10, TimeUnit.SECONDS)).as("the other channel delivered everything meanwhile").isTrue();
        assertThat(log.records()).filteredOn(r -> r.channel().equals("hung"))
                .singleElement().satisfies(r -> {
                    assertThat(r.status()).isEqualTo(DeliveryStatus.DROPPED);
                    assertThat(r.attempts()).isZero();
                    assertThat(r.detail()).contains("queue full");
                });

        assertThat(d.flush(Duration.ofMillis(50))).as("flush is bounded while a channel hangs").isFalse();
        release.countDown();
        assertThat(d.close(Duration.ofSeconds(10))).isTrue();
        assertThat(log.records()).filteredOn(r -> r.channel().equals("hung")).extracting(DeliveryRecord::status)
                .containsExactlyInAnyOrder(DeliveryStatus.DROPPED, DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED);
    }

    @Test
    void closingPastItsBoundRecordsWhatWasStillQueuedAsAbandoned() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Transport<String> hung = m -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new DeliveryFailure(false, null, "interrupted");
            }
            return new Receipt(200, "never");
        };
        NotificationDispatcher d = new NotificationDispatcher(List.of(sub("hung", hung, Subscription.DEFAULT_EVENTS, DeliveryPolicy.DEFAULT)), log, CLOCK, pause);
        d.notify(alert(AlertEvent.STARTED, "1"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        d.notify(alert(AlertEvent.SUCCEEDED, "2"));

        assertThat(d.close(Duration.ofMillis(20))).isFalse();
        d.flush(Duration.ofSeconds(10)); // the interrupted attempt records itself
        assertThat(log.records()).extracting(DeliveryRecord::event, DeliveryRecord::status).contains(
                org.assertj.core.groups.Tuple.tuple(AlertEvent.SUCCEEDED, DeliveryStatus.ABANDONED),
                org.assertj.core.groups.Tuple.tuple(AlertEvent.STARTED, DeliveryStatus.ABANDONED));
        d.notify(alert(AlertEvent.FAILED, "3"));
        assertThat(log.records()).filteredOn(r -> r.event() == AlertEvent.FAILED).extracting(DeliveryRecord::status).containsExactly(DeliveryStatus.ABANDONED);
    }

    @Test
    void aSecretThatAFailureRepeatsIsMaskedInTheRecord() {
        String secret = "s3cr3t-routing-key-0123456789";
        Transport<String> leaky = m -> {
            throw new DeliveryFailure(false, 400, "bad key " + secret);
        };
        Channel<String> ch = new Channel<>("pd", "test", n -> "x", leaky, Secrets.of(secret));
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(new Subscription(ch, Subscription.DEFAULT_EVENTS, null)), log, CLOCK, pause)) {
            d.notify(alert(AlertEvent.STARTED, "x"));
            d.flush(Duration.ofSeconds(10));
        }
        assertThat(log.records()).singleElement().satisfies(r -> assertThat(r.detail()).contains("bad key ****").doesNotContain(secret));
        assertThat(ch.toString()).doesNotContain(secret);
    }
}
