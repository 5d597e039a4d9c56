package dev.rewind.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import dev.rewind.model.RewindException;
import dev.rewind.secrets.Redactor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How a command that ends in an exception is reported. An expected failure ({@link RewindException}, also when a
 * background thread threw it and the command got it wrapped) prints its message and exits with its code. Anything
 * else is a bug: the user gets one line saying what failed and where the full trace is, and exit 1; the trace goes
 * to the log file only. Everything printed or logged is redacted.
 */
final class Failures {
    /** Logs to the file only (logback.xml): a trace never reaches the console. */
    static final String LOGGER = "dev.rewind.failures";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private Failures() {
    }

    /** picocli's execution exception handler, and the last resort for what it lets through. */
    static int handle(Throwable thrown, CommandLine line) {
        Throwable t = unwrap(thrown);
        if (t instanceof RewindException expected) {
            LOG.info("rewind {}: {}", line.getCommandName(), expected.getMessage(), expected);
            line.getErr().println(line.getColorScheme().errorText("rewind: " + Redactor.redact(expected.getMessage())));
            return expected.exitCode();
        }
        line.getErr().println(line.getColorScheme().errorText(oneLine("'" + commandPath(line) + "'", t)));
        line.getErr().flush();
        return 1;
    }

    /** The (sub)command the last parse picked, for a failure that escaped picocli: the root when none was parsed. */
    static CommandLine commandRun(CommandLine root) {
        CommandLine.ParseResult parsed = root.getParseResult();
        if (parsed == null) return root;
        while (parsed.hasSubcommand()) parsed = parsed.subcommand();
        return parsed.commandSpec().commandLine();
    }

    /** A thread that died of an exception nobody waited for: one line on standard error, the trace in the log. */
    static void uncaught(Thread thread, Throwable t) {
        System.err.println(oneLine("thread '" + thread.getName() + "'", unwrap(t)));
        System.err.flush();
    }

    /** "rewind: unexpected error in 'watch': IllegalStateException: ...; the full trace is in /path/rewind.log" */
    private static String oneLine(String where, Throwable t) {
        String what = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        String line = "rewind: unexpected error in " + where + ": " + what.replaceAll("\\s*\\R\\s*", " ").strip()
                + "; the full trace is in " + trace(where, t);
        return Redactor.redact(line);
    }

    /** Logs the trace and says where it went: the log file, or a file of its own when logging writes no file. */
    private static String trace(String where, Throwable t) {
        LOG.error("unexpected error in {}", where, t);
        Path log = logFile();
        if (log != null) return log.toString();
        try {
            StringWriter text = new StringWriter();
            t.printStackTrace(new PrintWriter(text));
            Path own = Files.createTempFile("rewind-failure-", ".log");
            Files.writeString(own, Redactor.redact(text.toString()), StandardCharsets.UTF_8);
            return own.toString();
        } catch (IOException e) {
            return "(nowhere: no log file, and a file for it could not be written: " + e.getMessage() + ")";
        }
    }

    /** The file the failures logger writes to (REWIND_LOG, default .rewind/rewind.log), or null. */
    static Path logFile() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return null;
        for (ch.qos.logback.classic.Logger logger = context.getLogger(LOGGER); logger != null; logger = parent(context, logger)) {
            for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof FileAppender<?> file && file.isStarted() && file.getFile() != null) {
                    return Path.of(file.getFile()).toAbsolutePath().normalize();
                }
            }
            if (!logger.isAdditive()) return null;
        }
        return null;
    }

    private static ch.qos.logback.classic.Logger parent(LoggerContext context, ch.qos.logback.classic.Logger logger) {
        String name = logger.getName();
        if (name.equals(org.slf4j.Logger.ROOT_LOGGER_NAME)) return null;
        int dot = name.lastIndexOf('.');
        return context.getLogger(dot < 0 ? org.slf4j.Logger.ROOT_LOGGER_NAME : name.substring(0, dot));
    }

    /** The exception inside the wrappers that executors, futures, reflection and picocli put around it. */
    static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null && cur.getCause() != cur && (cur instanceof ExecutionException || cur instanceof CompletionException
                || cur instanceof CommandLine.ExecutionException || cur instanceof UndeclaredThrowableException
                || cur instanceof InvocationTargetException)) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static String commandPath(CommandLine line) {
        return line.getCommandSpec().qualifiedName(" ").replaceFirst("^rewind ?", "").transform(s -> s.isEmpty() ? "rewind" : s);
    }
}
