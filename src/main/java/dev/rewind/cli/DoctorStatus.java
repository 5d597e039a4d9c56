package dev.rewind.cli;

/**
 * What one doctor check found. The exit code of a whole run is the most serious status's: a config to fix
 * (2) comes before a system to reach (3), which comes before a system that answered wrongly (1).
 */
public enum DoctorStatus {
    OK("OK", 0, 0),
    /** The {@code demo} type: its world exists only inside {@code rewind demo} / {@code rollback}. */
    EMBEDDED("EMBEDDED", 0, 0),
    /** Built and validated, but there was nothing to read (a flag service with no feature_flag named). */
    SKIPPED("SKIPPED", 0, 0),
    FAILED("FAILED", 1, 1),
    UNREACHABLE("UNREACHABLE", 3, 2),
    UNAUTHORIZED("UNAUTHORIZED", 3, 2),
    BAD_CONFIG("BAD CONFIG", 2, 3);

    private final String label;
    private final int exitCode;
    private final int severity;

    DoctorStatus(String label, int exitCode, int severity) {
        this.label = label;
        this.exitCode = exitCode;
        this.severity = severity;
    }

    public String label() { return label; }

    public int exitCode() { return exitCode; }

    /** Higher is more serious; decides which status sets the exit code. */
    int severity() { return severity; }
}
