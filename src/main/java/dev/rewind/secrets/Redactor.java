package dev.rewind.secrets;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one redactor every outgoing text passes: each registered secret form becomes {@value SecretRegistry#MASK},
 * and URL credentials ({@link UrlCredentials#mask}) are masked whether registered or not. The static methods use
 * the process's registry; an instance over another registry serves tests.
 */
public final class Redactor {
    private static final Redactor GLOBAL = new Redactor(SecretRegistry.global());

    private final SecretRegistry registry;

    public Redactor(SecretRegistry registry) {
        this.registry = registry;
    }

    /** {@code text} with every known secret masked; null stays null. */
    public static String redact(String text) {
        return GLOBAL.apply(text);
    }

    /** A copy of a JSON-like tree (maps, lists, strings, numbers) with every string redacted, keys included. */
    public static Object redactTree(Object tree) {
        return GLOBAL.applyTree(tree);
    }

    /** A map redacted as a tree, keeping its order. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> redactMap(Map<String, ?> map) {
        return map == null ? null : (Map<String, Object>) GLOBAL.applyTree(map);
    }

    /** A writer that redacts each line before it reaches {@code out}; {@code out} itself when it already does. */
    public static PrintWriter redacting(PrintWriter out) {
        return out instanceof RedactingPrintWriter ? out : new RedactingPrintWriter(out);
    }

    public String apply(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text;
        for (String form : registry.forms()) {
            if (out.contains(form)) out = out.replace(form, SecretRegistry.MASK);
        }
        return UrlCredentials.mask(out);
    }

    public Object applyTree(Object tree) {
        return switch (tree) {
            case null -> null;
            case String s -> apply(s);
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(apply(String.valueOf(k)), applyTree(v)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(v -> out.add(applyTree(v)));
                yield out;
            }
            default -> tree;
        };
    }

    /** A PrintWriter over a {@link RedactingWriter}, flushing on println as picocli's writers do. */
    static final class RedactingPrintWriter extends PrintWriter {
        RedactingPrintWriter(PrintWriter out) {
            super(new RedactingWriter(out), true);
        }
    }
}
