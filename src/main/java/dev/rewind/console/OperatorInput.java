package dev.rewind.console;

import dev.rewind.act.RollbackControl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An operator at the terminal steering a running rollback (seed 003: "ability to pause or abort"): {@code pause},
 * {@code go} (resume, or the go-ahead at a manual gate) and {@code abort [reason]}, one per line. Read on a daemon
 * thread; the end of the input leaves the rollback as it is.
 */
public final class OperatorInput {
    private OperatorInput() {
    }

    public static Thread start(InputStream in, RollbackControl control, StagePrinter out) {
        Thread t = new Thread(() -> read(in, control, out), "rewind-operator-input");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void read(InputStream in, RollbackControl control, StagePrinter out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String word = line.strip().toLowerCase(Locale.ROOT);
                if (word.equals("go") || word.equals("resume")) {
                    control.resume();
                    out.line(StagePrinter.Mark.ACT, "operator: go");
                } else if (word.equals("pause")) {
                    control.pause();
                    out.line(StagePrinter.Mark.ACT, "operator: pause (the step in flight finishes; type go to resume)");
                } else if (word.startsWith("abort")) {
                    String reason = line.strip().length() > 5 ? line.strip().substring(5).strip() : "aborted by the operator";
                    control.abort(reason.isEmpty() ? "aborted by the operator" : reason);
                    out.line(StagePrinter.Mark.ACT, "operator: abort");
                } else if (!word.isEmpty()) {
                    out.line(StagePrinter.Mark.WARN, "operator: '" + word + "' is not a command; type go, pause or abort [reason]");
                }
            }
        } catch (IOException e) {
            out.line(StagePrinter.Mark.WARN, "operator input closed: " + e.getMessage());
        }
    }
}
