package dev.rewind.report;

import dev.rewind.model.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends alerts to SLF4J: critical and high as errors, medium as warnings, low as info. Secrets masked. */
public final class LogNotifier implements Notifier {
    private final Logger log;

    public LogNotifier(Logger log) {
        this.log = log;
    }

    public LogNotifier() {
        this(LoggerFactory.getLogger("dev.rewind.alerts"));
    }

    @Override
    public void notify(Alert alert) {
        String line = AlertText.line(alert);
        switch (alert.severity()) {
            case CRITICAL, HIGH -> log.error(line);
            case MEDIUM -> log.warn(line);
            case LOW -> log.info(line);
        }
    }
}
