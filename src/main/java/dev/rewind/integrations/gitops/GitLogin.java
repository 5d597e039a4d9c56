package dev.rewind.integrations.gitops;

import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * HTTP(S) credentials for the config repository, read when used (from {@code ${VAR}} settings), never put in a URL.
 * {@link #NONE} for a repository on disk or behind git://.
 */
record GitLogin(Supplier<String> username, Supplier<String> password) {
    static final GitLogin NONE = new GitLogin(null, null);

    /** A provider for one operation, with the values it read, so that messages can mask them. */
    record Resolved(CredentialsProvider provider, List<String> secrets) {
    }

    Resolved resolve() {
        if (username == null) return new Resolved(null, List.of());
        String user = username.get();
        String pass = password.get();
        return new Resolved(new UsernamePasswordCredentialsProvider(user, pass), List.of(pass));
    }

    /** {@code text} with every secret value replaced, whatever printed it (JGit, a server's message, our own). */
    static String mask(String text, List<String> secrets) {
        if (text == null) return null;
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) out = out.replace(s, "****");
        }
        return out;
    }
}
