package dev.rewind.model;

/**
 * An outside system could not be reached, or refused our credentials. Exit 3. The URL is shown; the
 * caller must pass it without credentials (no user:password@, no token in the query).
 */
public final class UnreachableException extends RewindException {
    private final String url;
    private final boolean unauthorized;

    public UnreachableException(String url, String cause, Throwable error) {
        super(url + ": unreachable: " + cause, error);
        this.url = url;
        this.unauthorized = false;
    }

    private UnreachableException(String url, String cause, boolean unauthorized) {
        super(url + ": " + cause, null);
        this.url = url;
        this.unauthorized = unauthorized;
    }

    /** Wrong or missing credentials: reported as such, never as "no data". */
    public static UnreachableException unauthorized(String url, String detail) {
        return new UnreachableException(url, "credentials refused (" + detail + ")", true);
    }

    public String url() { return url; }

    public boolean unauthorized() { return unauthorized; }

    @Override
    public int exitCode() { return 3; }
}
