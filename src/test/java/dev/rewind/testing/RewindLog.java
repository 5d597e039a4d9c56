package dev.rewind.testing;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Points Rewind's log file (logback.xml's {@code REWIND_LOG}) at a file of a test's own, with the real logback.xml
 * re-read, so a test reads exactly what the shipped configuration writes. {@link #close()} puts it back.
 */
public final class RewindLog implements AutoCloseable {
    private static final String PROPERTY = "REWIND_LOG";
    private final String previous;

    private RewindLog(String previous) {
        this.previous = previous;
    }

    public static RewindLog to(Path file) {
        String previous = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, file.toAbsolutePath().toString());
        reconfigure();
        return new RewindLog(previous);
    }

    @Override
    public void close() {
        if (previous == null) System.clearProperty(PROPERTY);
        else System.setProperty(PROPERTY, previous);
        reconfigure();
    }

    private static void reconfigure() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            throw new IllegalStateException("logback.xml could not be read again: " + e.getMessage(), e);
        }
    }
}
