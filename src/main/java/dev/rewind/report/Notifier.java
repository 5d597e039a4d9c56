package dev.rewind.report;

import dev.rewind.model.Alert;

/** Tells people (Flagger's notifier shape). Console, log and journal now; Slack, PagerDuty, email later. */
public interface Notifier {

    void notify(Alert alert);
}
