package dev.rewind.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials carried in a URL: a {@code user:password@} part, or a query (or fragment) parameter whose name says
 * it holds a secret ({@code token}, {@code access_token}, {@code key}, {@code api_key}, {@code password},
 * {@code signature}, ...). Config refuses them ({@link #find}); output masks any that get through ({@link #mask}).
 * Works on URL templates too ({@code http://shop-$version:8080/health}), so it parses by hand, not with {@code URI}.
 */
public final class UrlCredentials {
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    /** User info that is not already a mask ({@code ***@}), so masking twice changes nothing. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)(?!\\*+@)[^/?#\\s@\"'<>]+@");
    private static final Pattern PARAMETER = Pattern.compile("([?&#;])([A-Za-z0-9_.~%-]+)=([^&#;\\s\"'<>]*)");
    private static final Set<String> NAMES = Set.of("key", "sig", "jwt", "auth", "pass", "pwd", "code_verifier");
    private static final List<String> PARTS = List.of("token", "secret", "passw", "apikey", "api_key", "signature", "credential",
            "authorization", "private_key", "access_key", "session");
    private static final List<String> SUFFIXES = List.of("_key", "_sig", "_pwd", "_auth");

    private UrlCredentials() {
    }

    /** What in {@code url} is a credential ("a user:password@ part", "the query parameter 'token'"), or null for none. */
    public static String find(String url) {
        if (url == null) return null;
        int sep = url.indexOf("://");
        if (sep < 1 || !SCHEME.matcher(url.substring(0, sep)).matches()) return null;
        String rest = url.substring(sep + 3);
        int end = firstOf(rest, "/?#");
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        boolean ssh = url.substring(0, sep).equalsIgnoreCase("ssh");
        // ssh://git@host is a login name, not a secret; the settings that take URLs say what they do with SSH
        if (at >= 0 && !(ssh && !authority.substring(0, at).contains(":"))) {
            return authority.substring(0, at).contains(":") ? "a user:password@ part" : "a user@ part (a token in the user name)";
        }
        String tail = rest.substring(end);
        int hash = tail.indexOf('#');
        String query = tail.contains("?") ? tail.substring(tail.indexOf('?') + 1, hash > tail.indexOf('?') ? hash : tail.length()) : "";
        String fragment = hash < 0 ? "" : tail.substring(hash + 1);
        String inQuery = sensitiveParameter(query);
        if (inQuery != null) return "the query parameter '" + inQuery + "'";
        String inFragment = sensitiveParameter(fragment);
        return inFragment == null ? null : "the fragment parameter '" + inFragment + "'";
    }

    /** The URL without its user info, query and fragment: what a message may show. */
    public static String strip(String url) {
        if (url == null) return null;
        String out = USER_INFO.matcher(url).replaceFirst("$1");
        int sep = out.indexOf("://");
        int start = sep < 0 ? 0 : sep + 3;
        return out.substring(0, start + firstOf(out.substring(start), "?#"));
    }

    /** Masks the user info of every URL in {@code text}, and the value of every parameter whose name says it is a secret. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = text.contains("@") ? USER_INFO.matcher(text).replaceAll("$1" + SecretRegistry.MASK + "@") : text;
        if (out.indexOf('=') < 0) return out;
        Matcher m = PARAMETER.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = sensitive(m.group(2)) && !m.group(3).isEmpty() && !m.group(3).equals(SecretRegistry.MASK)
                    ? m.group(1) + m.group(2) + "=" + SecretRegistry.MASK : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(sb).toString();
    }

    /** Whether a parameter named so holds a secret. */
    public static boolean sensitive(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        return NAMES.contains(n) || PARTS.stream().anyMatch(n::contains) || SUFFIXES.stream().anyMatch(n::endsWith);
    }

    private static String sensitiveParameter(String parameters) {
        if (parameters.isEmpty()) return null;
        for (String pair : parameters.split("[&;]")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!name.isEmpty() && sensitive(name)) return name;
        }
        return null;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return s.length();
    }
}
