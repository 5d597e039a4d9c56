package dev.rewind.secrets;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's pattern layout with the whole formatted event redacted: the message, its arguments, the thread name and
 * the throwable's trace (messages and causes), so no log line carries a registered secret or a URL credential.
 * Used by every appender in {@code logback.xml}.
 */
public final class RedactingLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return Redactor.redact(super.doLayout(event));
    }
}
