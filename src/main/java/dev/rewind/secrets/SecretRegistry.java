package dev.rewind.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret value Rewind resolved in this process, in each form it may take in output: as resolved, trimmed,
 * URL-encoded, JSON- and XML-escaped, and for basic auth the Base64 of {@code user:password}. Thread-safe; the
 * process has one ({@link #global()}), which the config fills as it resolves secrets and {@link Redactor} reads.
 * Values shorter than {@value #MIN_LENGTH} characters are not kept: masking them would garble ordinary words.
 */
public final class SecretRegistry {
    public static final String MASK = "****";
    public static final int MIN_LENGTH = 4;
    private static final SecretRegistry GLOBAL = new SecretRegistry();

    private final Set<String> forms = ConcurrentHashMap.newKeySet();
    /** The forms, longest first, so a secret that holds another is masked whole; rebuilt on the rare register. */
    private volatile List<String> longestFirst = List.of();

    public static SecretRegistry global() {
        return GLOBAL;
    }

    /** Registers a secret and its common encodings; registering the same value again changes nothing. */
    public void register(String secret) {
        if (secret == null) return;
        Set<String> add = new LinkedHashSet<>();
        for (String v : List.of(secret, secret.strip())) {
            add.add(v);
            String url = URLEncoder.encode(v, StandardCharsets.UTF_8);
            add.add(url);
            add.add(url.replace("+", "%20"));
            add.add(json(v));
            add.add(xml(v));
        }
        addAll(add);
    }

    /** A basic-auth pair: the password, and the header's Base64 of {@code user:password}. The user name alone is no secret. */
    public void registerBasicAuth(String user, String password) {
        if (password == null) return;
        register(password);
        register(Base64.getEncoder().encodeToString(((user == null ? "" : user) + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** The registered forms, longest first. */
    List<String> forms() {
        return longestFirst;
    }

    /** What is registered now, for a test that puts it back afterwards ({@link #restore}): the process's registry outlives a test. */
    synchronized Set<String> snapshot() {
        return Set.copyOf(forms);
    }

    /** Back to a {@link #snapshot}: what was registered since is forgotten. Tests only; Rewind never forgets a secret. */
    synchronized void restore(Set<String> snapshot) {
        forms.retainAll(snapshot);
        forms.addAll(snapshot);
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        longestFirst = List.copyOf(sorted);
    }

    public boolean isRegistered(String value) {
        return value != null && forms.contains(value);
    }

    private synchronized void addAll(Set<String> candidates) {
        boolean changed = false;
        for (String c : candidates) {
            if (c.length() >= MIN_LENGTH && !c.equals(MASK)) changed |= forms.add(c);
        }
        if (!changed) return;
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        longestFirst = List.copyOf(sorted);
    }

    private static String json(String v) {
        StringBuilder sb = new StringBuilder();
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.toString();
    }

    private static String xml(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
