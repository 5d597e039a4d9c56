package dev.rewind.store;

import dev.rewind.model.BadInputException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the store lives: an embedded SQLite file (the default, one process), or a PostgreSQL database through a
 * JDBC URL (teams, replicas). A password never sits in the URL, where it would reach logs and process lists:
 * it comes from {@code REWIND_STORE_PASSWORD} (or PostgreSQL's own {@code PGPASSWORD}).
 */
public sealed interface StoreLocation permits StoreLocation.Sqlite, StoreLocation.Postgres {

    /** For messages: the file, or the URL without credentials. */
    String display();

    record Sqlite(Path file) implements StoreLocation {
        public String display() {
            return file.toString();
        }
    }

    /** @param password null for none (trust or peer authentication) */
    record Postgres(String url, String user, String password) implements StoreLocation {
        private static final Pattern CREDENTIAL = Pattern.compile("(?i)[?&](password|sslpassword|sslkey)=");

        public Postgres {
            if (CREDENTIAL.matcher(url).find() || url.contains("@")) {
                throw new BadInputException("--store", 0, "store", "credentials do not belong in the store URL; "
                        + "set REWIND_STORE_PASSWORD (and user=... in the URL or REWIND_STORE_USER)");
            }
        }

        public String display() {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q);
        }

        @Override
        public String toString() {
            return "Postgres[" + display() + ", user=" + user + "]"; // never the password
        }
    }

    /**
     * {@code --store} as a user gives it: a {@code jdbc:postgresql://host:port/db} URL, or a file path for SQLite.
     *
     * @param env environment lookup for REWIND_STORE_USER / REWIND_STORE_PASSWORD / PGPASSWORD
     */
    static StoreLocation parse(String value, java.util.function.Function<String, String> env) {
        if (value == null || value.isBlank()) throw new BadInputException("--store", 0, "store", "expected a file path or a jdbc:postgresql:// URL, found nothing");
        String v = value.trim();
        if (v.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            String password = env.apply("REWIND_STORE_PASSWORD");
            if (password == null) password = env.apply("PGPASSWORD");
            return new Postgres(v, env.apply("REWIND_STORE_USER"), password);
        }
        if (v.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            throw new BadInputException("--store", 0, "store", "expected a file path (SQLite) or a jdbc:postgresql:// URL, found '"
                    + v.substring(0, v.indexOf(':', 5) < 0 ? v.length() : v.indexOf(':', 5)) + "...'");
        }
        return new Sqlite(Path.of(v));
    }
}
