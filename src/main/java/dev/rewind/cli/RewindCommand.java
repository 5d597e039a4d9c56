package dev.rewind.cli;

import dev.rewind.model.RewindException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The composition root of the command line: one subcommand per job, wiring done in each. */
@Command(name = "rewind",
        mixinStandardHelpOptions = true,
        version = "rewind 0.1.0",
        description = "Automated rollback controller: watches a release, compares it with the last good one, "
                + "rolls it back safely when it degrades, verifies, and reports.",
        subcommands = {DemoCommand.class, WatchCommand.class, ReplayCommand.class, RollbackCommand.class, HistoryCommand.class,
                ReportCommand.class, AuditCommand.class, DoctorCommand.class, ServeCommand.class, ReleaseCommand.class, TokenCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
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
        CommandLine cl = new CommandLine(new RewindCommand());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof RewindException re) {
                line.getErr().println(line.getColorScheme().errorText("rewind: " + re.getMessage()));
                return re.exitCode();
            }
            throw ex;
        });
        cl.setExitCodeExceptionMapper(ex -> switch (ex) {
            case RewindException re -> re.exitCode();
            case CommandLine.ParameterException pe -> 2;
            default -> 1;
        });
        UnknownCommand.guard(cl);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
