package dev.rewind.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** One {@code rewind ...} run through picocli as main() runs it, so exit codes and streams are the real ones. */
record DoctorRun(int exit, String out, String err) {

    static DoctorRun of(String... args) {
        CommandLine cl = RewindCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new DoctorRun(exit, out.toString(), err.toString());
    }

    /** The table row of one environment and role; fails the test when there is none. */
    String row(String environment, String role) {
        List<String> rows = Arrays.stream(out.split("\n"))
                .filter(l -> l.startsWith(environment + " ") && l.substring(environment.length()).stripLeading().startsWith(role + " "))
                .toList();
        if (rows.size() != 1) throw new AssertionError("expected one row for " + environment + "/" + role + " in:\n" + out + err);
        return rows.getFirst();
    }

    String all() {
        return out + err;
    }
}
