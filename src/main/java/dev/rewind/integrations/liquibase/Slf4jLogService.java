package dev.rewind.integrations.liquibase;

import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/**
 * Liquibase logs through java.util.logging, which prints to the console by default; inside Rewind its messages go
 * to Rewind's log instead (warnings and errors as such, the rest at debug), and never to the command's output.
 */
final class Slf4jLogService extends AbstractLogService {

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    @SuppressWarnings({"rawtypes", "try"}) // Liquibase's signature; its loggers are closed by Liquibase
    public Logger getLog(Class clazz) {
        org.slf4j.Logger log = LoggerFactory.getLogger("liquibase." + clazz.getSimpleName());
        return new AbstractLogger() {
            @Override
            public void log(Level level, String message, Throwable e) {
                if (level == Level.OFF) return;
                if (level.intValue() >= Level.SEVERE.intValue()) log.error(message, e);
                else if (level.intValue() >= Level.WARNING.intValue()) log.warn(message, e);
                else log.debug(message, e);
            }
        };
    }
}
