package dev.rewind.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class RedactingLayoutTest {

    @Test
    void masksTheMessageItsArgumentsAndEveryMessageInTheTrace() {
        SecretRegistry.global().register("layout-secret-77aa");
        LoggerContext context = new LoggerContext();
        RedactingLayout layout = new RedactingLayout();
        layout.setContext(context);
        layout.setPattern("%level %msg%n");
        layout.start();
        Logger logger = context.getLogger("test");
        Exception cause = new IllegalArgumentException("invalid header value: \"Bearer layout-secret-77aa\n\"");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "call with {} failed",
                new RuntimeException("wrapped http://u:pw@h/?token=layout-secret-77aa", cause), new Object[] {"layout-secret-77aa"});

        String line = layout.doLayout(event);

        assertThat(line).doesNotContain("layout-secret-77aa").doesNotContain("u:pw@")
                .contains("ERROR call with **** failed").contains("invalid header value: \"Bearer ****").contains("at dev.rewind");
    }
}
