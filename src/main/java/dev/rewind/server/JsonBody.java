package dev.rewind.server;

import dev.rewind.model.BadInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request body read strictly: an object whose every field is known and of the expected type. Every refusal is a
 * {@link BadInputException} naming the field (HTTP 400), thrown before anything is changed, so a rejected request
 * leaves nothing partly applied.
 */
final class JsonBody {
    static final int MAX_DEPTH = 16;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(100_000)
                            .maxNumberLength(40).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final JsonNode node;
    private final String path;

    private JsonBody(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** An empty body reads as an empty object, so that optional-only requests may send nothing. */
    static JsonBody parse(byte[] body) {
        if (body == null || body.length == 0) return new JsonBody(JSON.createObjectNode(), "");
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            String why = e.getOriginalMessage();
            // Jackson's own "(start marker at [Source: REDACTED ...])" says nothing to a caller: the line and column do
            why = why == null ? "malformed" : why.replaceAll("\\s*\\(start marker at .*$", "").replaceAll("\\s+", " ");
            var at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new BadInputException("request", 0, "body", "expected a JSON object: " + why + where);
        }
        if (root == null || !root.isObject()) throw new BadInputException("request", 0, "body", "expected a JSON object");
        return new JsonBody(root, "");
    }

    /** Refuses every field not in {@code known}, naming it. */
    JsonBody only(Set<String> known) {
        Iterator<String> names = node.propertyNames().iterator();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                // a key of no characters is named as JSON writes it, so the error still names a field
                throw new BadInputException("request", 0, at(name.isEmpty() ? "\"\"" : name), "unknown field; expected one of "
                        + known.stream().sorted().toList());
            }
        }
        return this;
    }

    boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    String string(String name, boolean required, int maxLength) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) throw new BadInputException("request", 0, at(name), "is required");
            return null;
        }
        if (!v.isString()) throw new BadInputException("request", 0, at(name), "expected a string, found " + kind(v));
        String s = v.asString();
        if (s.length() > maxLength) throw new BadInputException("request", 0, at(name), "expected at most " + maxLength + " characters");
        if (s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f)) {
            throw new BadInputException("request", 0, at(name), "control characters are not allowed");
        }
        return s;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw new BadInputException("request", 0, at(name), "expected true or false, found " + kind(v));
        return v.booleanValue();
    }

    /** A whole number in {@code min..max}, or null when absent; 50.0 is 50, 50.5 is refused. */
    Integer integer(String name, int min, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw new BadInputException("request", 0, at(name), "expected a whole number " + min + ".." + max + ", found " + kind(v));
        double d = v.doubleValue();
        if (!(d >= min && d <= max) || d != Math.rint(d)) {
            throw new BadInputException("request", 0, at(name), "expected a whole number " + min + ".." + max + ", found " + v);
        }
        return (int) d;
    }

    Instant instant(String name) {
        String s = string(name, false, 64);
        if (s == null) return null;
        try {
            Instant at = Instant.parse(s);
            if (at.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || at.isAfter(Instant.parse("2999-12-31T23:59:59Z"))) {
                throw new BadInputException("request", 0, at(name), "expected a time between 2000 and 2999, found " + s);
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new BadInputException("request", 0, at(name), "expected an ISO-8601 UTC time such as 2026-11-22T10:00:00Z, found '" + s + "'");
        }
    }

    List<JsonBody> objects(String name, boolean required, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) throw new BadInputException("request", 0, at(name), "is required");
            return List.of();
        }
        if (!v.isArray()) throw new BadInputException("request", 0, at(name), "expected a list, found " + kind(v));
        if (v.size() > max) throw new BadInputException("request", 0, at(name), "expected at most " + max + " items, found " + v.size());
        List<JsonBody> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String where = at(name) + "[" + i + "]";
            if (!item.isObject()) throw new BadInputException("request", 0, where, "expected an object, found " + kind(item));
            out.add(new JsonBody(item, where));
        }
        return out;
    }

    /** A nested object (Flagger's {@code metadata}), or null when absent and not required. */
    JsonBody object(String name, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) throw new BadInputException("request", 0, at(name), "is required");
            return null;
        }
        if (!v.isObject()) throw new BadInputException("request", 0, at(name), "expected an object, found " + kind(v));
        return new JsonBody(v, at(name));
    }

    List<String> strings(String name, int max, int maxLength) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new BadInputException("request", 0, at(name), "expected a list of strings, found " + kind(v));
        if (v.size() > max) throw new BadInputException("request", 0, at(name), "expected at most " + max + " items");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isString()) throw new BadInputException("request", 0, at(name) + "[" + i + "]", "expected a string, found " + kind(item));
            if (item.asString().length() > maxLength) throw new BadInputException("request", 0, at(name) + "[" + i + "]", "expected at most " + maxLength + " characters");
            out.add(item.asString());
        }
        return out;
    }

    /** This body's place in the request ("releases[1]"), for errors raised by whoever reads it. */
    String path() {
        return path;
    }

    private String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String kind(JsonNode v) {
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "a list";
        if (v.isObject()) return "an object";
        if (v.isString()) return "a string";
        return "null";
    }
}
