package dev.rewind.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.console.StagePrinter.Mark;
import dev.rewind.secrets.SecretRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;
import dev.rewind.secrets.FreshSecrets;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshSecrets.class) // the secrets registered here do not outlive the class
class StagePrinterTest {

    @Test
    void everyLineItPrintsIsRedactedWhicheverWayItIsPrinted() {
        SecretRegistry.global().register("console-secret-31d");
        StringWriter text = new StringWriter();
        StagePrinter out = new StagePrinter(new PrintWriter(text, true), Ansi.OFF);

        out.line(Mark.FAIL, "invalid header value: \"console-secret-31d\n\"");
        out.detail("GET http://ops:pw@shop/health?token=abc");
        out.field("Token", "console-secret-31d");
        out.out().println("summary console-secret-31d");

        assertThat(text.toString()).doesNotContain("console-secret-31d").doesNotContain("ops:pw").doesNotContain("token=abc")
                .contains("invalid header value: \"****").contains("Token: ****").contains("summary ****");
    }
}
