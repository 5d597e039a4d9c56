package dev.rewind.report.notify;

import dev.rewind.model.Alert;
import dev.rewind.model.AlertEvent;
import dev.rewind.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs alerts through one real channel with injected time and returns its delivery records: for the channel tests. */
public final class Deliveries {
    public static final Instant T0 = Instant.parse("2026-01-26T10:00:00Z");
    public static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private Deliveries() {
    }

    public static List<DeliveryRecord> send(Channel<?> channel, RecordingPause pause, Alert... alerts) {
        InMemoryDeliveryLog log = new InMemoryDeliveryLog();
        try (NotificationDispatcher d = new NotificationDispatcher(List.of(new Subscription(channel, java.util.EnumSet.allOf(AlertEvent.class),
                DeliveryPolicy.DEFAULT)), log, CLOCK, pause)) {
            for (Alert a : alerts) d.notify(a);
            if (!d.flush(Duration.ofSeconds(30))) throw new AssertionError("deliveries did not finish");
        }
        return log.records();
    }

    /** An alert as the executor sends it: the rollback's facts in its fields. */
    public static Alert alert(AlertEvent event, Severity severity, String title) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("rollback_id", "rb-20260126-100000-abcd");
        f.put("service", "shop");
        f.put("environment", "production");
        f.put("from_version", "2.4.0");
        f.put("to_version", "2.3.1");
        f.put("trigger", "error_rate");
        f.put("links", Map.of("dashboard", "https://grafana.example.com/d/shop"));
        f.put("step", "switch-traffic");
        return new Alert(severity, title, "error_rate 5.2 > 1.0 <@channel> & more", T0, event.on(f));
    }
}
