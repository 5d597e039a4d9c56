package dev.rewind.cli;

import dev.rewind.config.ConfigNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * A first word that names no command is bad usage (exit 2), with or without {@code --help}: picocli would print
 * the top-level help and exit 0 for {@code rewind nosuchcommand --help}, which reads as if the command existed.
 */
final class UnknownCommand {
    private UnknownCommand() {
    }

    /** Installs the check on the top-level command line, in front of its execution and its parse-error handling. */
    static void guard(CommandLine root) {
        CommandLine.IParameterExceptionHandler picocliDefault = root.getParameterExceptionHandler();
        root.setParameterExceptionHandler((ex, args) -> ex instanceof CommandLine.UnmatchedArgumentException u
                && u.getCommandLine() == root && isCommandWord(u.getUnmatched())
                ? report(root, u.getUnmatched().getFirst()) : picocliDefault.handleParseException(ex, args));
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        root.setExecutionStrategy(parsed -> !parsed.hasSubcommand() && isCommandWord(parsed.unmatched())
                ? report(root, parsed.unmatched().getFirst()) : run.execute(parsed));
    }

    private static boolean isCommandWord(List<String> unmatched) {
        return !unmatched.isEmpty() && !unmatched.getFirst().startsWith("-");
    }

    private static int report(CommandLine root, String word) {
        Set<String> known = new LinkedHashSet<>(root.getSubcommands().keySet());
        String hint = ConfigNode.closest(word, known);
        root.getErr().println(root.getColorScheme().errorText("rewind: unknown command '" + word + "'; known: " + String.join(", ", known)
                + (hint == null ? "" : "; did you mean '" + hint + "'?")));
        root.getErr().println("Run 'rewind --help' for usage.");
        return 2;
    }
}
