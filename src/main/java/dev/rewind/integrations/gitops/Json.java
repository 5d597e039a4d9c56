package dev.rewind.integrations.gitops;

import dev.rewind.model.ActionFailedException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The annotations' JSON (what a pause saved), and GitHub's bodies. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String json) {
        try {
            Object v = MAPPER.readValue(json, Object.class);
            if (v instanceof Map<?, ?> m) return new LinkedHashMap<>((Map<String, Object>) m);
            throw new ActionFailedException("expected a JSON object, found: " + abbreviate(json));
        } catch (JacksonException e) {
            throw new ActionFailedException("expected JSON, found: " + abbreviate(json) + " (" + e.getOriginalMessage() + ")", e);
        }
    }

    static java.util.List<?> readList(String json) {
        try {
            return MAPPER.readValue(json, Object.class) instanceof java.util.List<?> l ? l : java.util.List.of();
        } catch (JacksonException e) {
            return java.util.List.of();
        }
    }

    /** GitHub's error {@code message} (and the first validation error), or the body itself when it is not JSON. */
    static String messageOf(String body) {
        try {
            Map<String, Object> m = read(body);
            Object errors = m.get("errors");
            return String.valueOf(m.get("message")) + (errors instanceof java.util.List<?> l && !l.isEmpty() ? ": " + l.getFirst() : "");
        } catch (ActionFailedException e) {
            return abbreviate(body);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
