package dev.rewind.report;

import dev.rewind.model.Alert;
import dev.rewind.model.Severity;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/** Prints alerts, one line each; coloured by severity only when asked to (a terminal), plain otherwise. */
public final class ConsoleNotifier implements Notifier {
    private static final String RESET = "\u001B[0m";
    private final PrintStream out;
    private final boolean colour;

    public ConsoleNotifier(PrintStream out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /** Plain text: for files, pipes and tests. */
    public ConsoleNotifier(PrintStream out) {
        this(out, false);
    }

    /** Standard output, coloured when it is a terminal and NO_COLOR is unset. */
    public static ConsoleNotifier stdout() {
        return new ConsoleNotifier(System.out, isTerminal() && System.getenv("NO_COLOR") == null);
    }

    @Override
    public void notify(Alert alert) {
        String line = AlertText.line(alert);
        out.println(colour ? colourOf(alert.severity()) + line + RESET : line);
        out.flush();
    }

    static String colourOf(Severity s) {
        return switch (s) {
            case CRITICAL -> "\u001B[1;31m";
            case HIGH -> "\u001B[31m";
            case MEDIUM -> "\u001B[33m";
            case LOW -> "\u001B[36m";
        };
    }

    /** JDK 22+ returns a Console even for pipes and adds isTerminal(); on 21 a non-null console means a terminal. */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) return false;
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
