package dev.rewind.report.notify;

import dev.rewind.report.SecretMask;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A channel's secret values (a Slack webhook URL, a routing key, a password, a token, an HMAC secret), masked by
 * value in anything a delivery records or throws. Masking by key alone misses a secret that an error message
 * repeats; masking by value catches it wherever it appears.
 */
public final class Secrets {
    /** Shorter values would mask ordinary words; no real secret is this short. */
    private static final int MIN_LENGTH = 4;
    private final List<String> values;

    private Secrets(Set<String> values) {
        List<String> v = new ArrayList<>(values);
        v.sort(Comparator.comparingInt(String::length).reversed()); // a secret that contains another is masked whole
        this.values = List.copyOf(v);
    }

    public static Secrets none() {
        return new Secrets(Set.of());
    }

    public static Secrets of(String... values) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : values) {
            if (s != null && s.length() >= MIN_LENGTH) out.add(s);
        }
        return new Secrets(out);
    }

    /** A URL that is a secret as a whole (Slack's): the URL, and its path and query, which some errors print alone. */
    public static Secrets ofUrl(URI url) {
        return of(url.toString(), url.getRawPath(), url.getRawQuery(), url.getPath());
    }

    public Secrets and(Secrets other) {
        Set<String> all = new LinkedHashSet<>(values);
        all.addAll(other.values);
        return new Secrets(all);
    }

    public String mask(String text) {
        if (text == null) return null;
        String out = text;
        for (String s : values) out = out.replace(s, SecretMask.MASK);
        return out;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return "Secrets[" + values.size() + " masked]";
    }
}
