package dev.rewind.config;

import dev.rewind.model.BadInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A config value with the file, line and path it came from. Jackson's trees carry no locations, so
 * {@link ConfigTreeReader} builds these from the streaming parser; every error can then name file:line and field.
 */
public sealed interface ConfigNode permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.ScalarNode {

    String file();

    int line();

    String path();

    default BadInputException error(String problem) {
        return new BadInputException(file(), line(), path(), problem);
    }

    /** A human word for the node's kind, used in "expected a number, found a list". */
    String kind();

    record MapNode(String file, int line, String path, Map<String, ConfigNode> entries) implements ConfigNode {
        public MapNode {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public ConfigNode get(String key) {
            return entries.get(key);
        }

        public boolean has(String key) {
            return entries.containsKey(key) && !(entries.get(key) instanceof ScalarNode s && s.value() == null);
        }

        /** Unknown keys are an error naming the key, its line and the closest known key. */
        public void allowOnly(Set<String> known) {
            for (Map.Entry<String, ConfigNode> e : entries.entrySet()) {
                if (known.contains(e.getKey())) continue;
                String hint = closest(e.getKey(), known);
                throw new BadInputException(file, e.getValue().line(), e.getValue().path(),
                        "unknown key '" + e.getKey() + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?")
                                + " Expected one of " + known.stream().sorted().toList());
            }
        }

        @Override
        public String kind() {
            return "a map";
        }
    }

    record ListNode(String file, int line, String path, List<ConfigNode> items) implements ConfigNode {
        public ListNode {
            items = List.copyOf(new ArrayList<>(items));
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** @param value String, Long, BigInteger (beyond a long), Double, Boolean or null, as the parser typed it */
    record ScalarNode(String file, int line, String path, Object value) implements ConfigNode {
        @Override
        public String kind() {
            if (value == null) return "null";
            if (value instanceof Boolean) return "a boolean (" + value + ")";
            if (value instanceof Number) return "a number (" + value + ")";
            return "text '" + value + "'";
        }

        public String text() {
            return value == null ? null : value.toString();
        }
    }

    /** The known key within edit distance 3 (and less than the key's length), or null. */
    static String closest(String key, Set<String> known) {
        return known.stream()
                .map(k -> Map.entry(k, distance(key.toLowerCase(), k.toLowerCase())))
                .filter(e -> e.getValue() <= Math.min(3, Math.max(1, key.length() - 1)))
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).orElse(null);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
