package dev.rewind.console;

import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.report.notify.DeliveryRecord;
import dev.rewind.report.notify.DeliveryStatus;
import java.util.List;

/** Seed 002's "Notifications Sent:" block: one line per delivery, as it ended. Secrets were masked when recorded. */
public final class DeliverySummary {
    private DeliverySummary() {
    }

    /** @param allDone false when the bounded wait at shutdown ended with deliveries still pending */
    public static void print(StagePrinter out, List<DeliveryRecord> records, boolean allDone) {
        out.stage("Notifications");
        if (records.isEmpty()) out.line(Mark.INFO, "nothing was sent (no configured channel subscribes to what happened)");
        for (DeliveryRecord r : records) {
            String how = r.status() == DeliveryStatus.DELIVERED ? "" : " " + r.status().label();
            String tries = r.attempts() > 1 ? " after " + r.attempts() + " attempts" : "";
            String http = r.httpStatus() == null ? "" : " (HTTP " + r.httpStatus() + ")";
            String detail = r.detail() == null || r.detail().isBlank() ? "" : ": " + r.detail();
            out.line(r.status() == DeliveryStatus.DELIVERED ? Mark.OK : Mark.FAIL,
                    r.channel() + " (" + r.type() + ") " + r.event().label() + how + tries + http + detail);
        }
        if (!allDone) out.line(Mark.WARN, "stopped waiting for deliveries still in progress; they are recorded as abandoned");
        out.endStage();
    }
}
