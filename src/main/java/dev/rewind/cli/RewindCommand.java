package dev.rewind.cli;

import dev.rewind.model.RewindException;
import dev.rewind.secrets.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The composition root of the command line: one subcommand per job, wiring done in each. */
@Command(name = "rewind",
        mixinStandardHelpOptions = true,
        version = "rewind 0.1.0",
        description = "Automated rollback controller: watches a release, compares it with the last good one, "
                + "rolls it back safely when it degrades, verifies, and reports.",
        subcommands = {DemoCommand.class, WatchCommand.class, ReplayCommand.class, RollbackCommand.class, PlanCommand.class, HistoryCommand.class,
                ReportCommand.class, AuditCommand.class, DoctorCommand.class, ServeCommand.class, ReleaseCommand.class, TokenCommand.class, BenchCommand.class, MaintenanceCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success (for demo: the run ended as its scenario expects)",
                "1:the rollback or check itself failed",
                "2:bad usage or bad input (the message names file, line and field)",
                "3:an outside system could not be reached or refused the credentials",
                "4:rolled back, but the recovery could not be verified (metrics unreadable after the switch: blind)"})
public final class RewindCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RewindCommand()) {
            /**
             * Every line picocli and the commands print passes the redactor, whatever writers the caller set; an Error
             * (which picocli lets through) is reported like any unexpected exception, never as a stack trace.
             */
            @Override
            public int execute(String... args) {
                setOut(Redactor.redacting(getOut()));
                setErr(Redactor.redacting(getErr()));
                try {
                    return super.execute(args);
                } catch (Throwable t) {
                    return Failures.handle(t, Failures.commandRun(this));
                } finally {
                    getOut().flush(); // a last line without a newline is still held by the redacting writer
                    getErr().flush();
                }
            }
        };
        cl.setExecutionExceptionHandler((ex, line, parsed) -> Failures.handle(ex, line));
        cl.setExitCodeExceptionMapper(ex -> switch (ex) {
            case RewindException re -> re.exitCode();
            case CommandLine.ParameterException pe -> 2;
            default -> 1;
        });
        UnknownCommand.guard(cl);
        return cl;
    }

    public static void main(String[] args) {
        // a background thread that dies unobserved prints one line and logs its trace, like a command would
        Thread.setDefaultUncaughtExceptionHandler(Failures::uncaught);
        System.exit(commandLine().execute(args));
    }
}
