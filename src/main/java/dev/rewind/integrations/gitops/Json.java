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

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
