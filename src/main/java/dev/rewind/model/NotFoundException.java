package dev.rewind.model;

/** The release, rollback, incident or batch a request names does not exist. HTTP 404; exit 2 from the command line. */
public final class NotFoundException extends RewindException {
    private final String what;

    public NotFoundException(String what, String id) {
        super("no " + what + " '" + id + "'", null);
        this.what = what;
    }

    public String what() { return what; }

    @Override
    public int exitCode() { return 2; }
}
