package dev.rewind.model;

/**
 * Bad config, trace, plan or request: names the file, the line and the field, and what was expected. Exit 2.
 *
 * @see #BadInputException(String, int, String, String)
 */
public final class BadInputException extends RewindException {
    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param file  the file (or "request", "--option"), never null
     * @param line  1-based line, 0 when unknown
     * @param field the field's path (triggers[1].threshold), or null
     */
    public BadInputException(String file, int line, String field, String problem) {
        super(format(file, line, field, problem), null);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    public BadInputException(String problem) {
        super(problem, null);
        this.file = null;
        this.line = 0;
        this.field = null;
        this.problem = problem;
    }

    private static String format(String file, int line, String field, String problem) {
        StringBuilder sb = new StringBuilder(file == null ? "input" : file);
        if (line > 0) sb.append(':').append(line);
        if (field != null && !field.isBlank()) sb.append(": field '").append(field).append('\'');
        return sb.append(": ").append(problem).toString();
    }

    public String file() { return file; }

    public int line() { return line; }

    public String field() { return field; }

    /** What is wrong, without where: an API error carries the field apart. */
    public String problem() { return problem; }

    @Override
    public int exitCode() { return 2; }
}
