package dev.rewind.console;

import dev.rewind.secrets.Redactor;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Help.Ansi;

/**
 * Seed 002's staged output: a ruled header per stage, indented lines with a status mark, and the
 * stage's duration. Colour only on a terminal (picocli's Ansi.AUTO), plain text in files and pipes.
 */
public final class StagePrinter {
    private static final String RULE = "━".repeat(52);

    public enum Mark {
        OK("✔", "green"), FAIL("✘", "red"), WARN("⚠", "yellow"), INFO("•", "cyan"), ACT("→", "blue");

        final String symbol;
        final String colour;

        Mark(String symbol, String colour) {
            this.symbol = symbol;
            this.colour = colour;
        }
    }

    private final PrintWriter out;
    private final Ansi ansi;
    private int stage;
    private long stageStartNanos;

    /** Every line goes through the redactor: a step's detail or an alert may quote a secret an outside system echoed. */
    public StagePrinter(PrintWriter out, Ansi ansi) {
        this.out = Redactor.redacting(out);
        this.ansi = ansi;
    }

    /** Colour only when standard output is a terminal (picocli's Ansi.AUTO). */
    public static StagePrinter forConsole(PrintWriter out) {
        return new StagePrinter(out, Ansi.AUTO);
    }

    public void title(String text) {
        out.println(colour("bold", text));
        out.println();
    }

    public void field(String name, Object value) {
        out.println(name + ": " + value);
    }

    public void stage(String name) {
        stage++;
        stageStartNanos = System.nanoTime();
        out.println();
        out.println(colour("faint", RULE));
        out.println(colour("bold", "Stage " + stage + ": " + name));
        out.println(colour("faint", RULE));
    }

    public void line(Mark mark, String text) {
        out.println("  " + colour(mark.colour, mark.symbol) + " " + text);
    }

    public void detail(String text) {
        out.println("      " + text);
    }

    /** Ends the stage with its measured wall-clock duration (what the user waited, not a simulated time). */
    public void endStage() {
        endStage(Duration.ofNanos(System.nanoTime() - stageStartNanos));
    }

    public void endStage(Duration took) {
        out.println("  " + colour("faint", "⏱ Duration: " + human(took)));
    }

    public void summary(String heading) {
        out.println();
        out.println(colour("faint", RULE));
        out.println(colour("bold", heading));
        out.println(colour("faint", RULE));
    }

    public void verdict(boolean good, String text) {
        out.println();
        out.println(colour(good ? "bold,green" : "bold,red", (good ? "✔ " : "✘ ") + text));
    }

    /** The redacting writer, for blocks printed as they are (a summary table). */
    public PrintWriter out() {
        return out;
    }

    private String colour(String style, String text) {
        return ansi.string("@|" + style + " " + text.replace("|@", "| @") + "|@");
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + "ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        if (ms >= 3_600_000 && ms % 60_000 == 0) return (ms / 3_600_000) + "h" + (ms % 3_600_000 == 0 ? "" : " " + (ms % 3_600_000) / 60_000 + "m");
        return (ms / 60_000) + "m " + (ms % 60_000) / 1000 + "s";
    }
}
