package dev.rewind.report;

import dev.rewind.model.Alert;
import dev.rewind.secrets.Redactor;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells every notifier. One failing channel must not silence the others: all are tried, then the
 * failures are raised together so the caller can journal them.
 */
public final class CompositeNotifier implements Notifier {
    private final List<Notifier> notifiers;

    public CompositeNotifier(List<Notifier> notifiers) {
        this.notifiers = List.copyOf(notifiers);
    }

    public CompositeNotifier(Notifier... notifiers) {
        this(List.of(notifiers));
    }

    /** The alert with every registered secret masked by value, in its title, body and fields. */
    public static Alert redacted(Alert raw) {
        return new Alert(raw.severity(), Redactor.redact(raw.title()), Redactor.redact(raw.body()), raw.at(), Redactor.redactMap(raw.fields()));
    }

    /** Every channel gets the alert redacted, whoever built it: a channel formats and sends, it does not mask. */
    @Override
    public void notify(Alert raw) {
        Alert alert = redacted(raw);
        List<RuntimeException> failures = new ArrayList<>();
        for (Notifier n : notifiers) {
            try {
                n.notify(alert);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (failures.isEmpty()) return;
        IllegalStateException all = new IllegalStateException(failures.size() + " of " + notifiers.size()
                + " notifiers failed for alert '" + alert.title() + "': " + Redactor.redact(failures.getFirst().getMessage()));
        failures.forEach(all::addSuppressed);
        throw all;
    }
}
