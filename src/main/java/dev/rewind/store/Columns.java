package dev.rewind.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Column encodings shared by the tables: JSON as TEXT (castable to jsonb on PostgreSQL) and instants as
 * fixed-width UTC text, so that ordering by the column is ordering by time.
 */
final class Columns {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Columns() {
    }

    static String time(Instant at) {
        return at == null ? null : INSTANT.format(at);
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    static String write(Object value) {
        return value == null ? null : MAPPER.writeValueAsString(value);
    }

    static Map<String, Object> readMap(String json) {
        return json == null || json.isBlank() ? Map.of() : MAPPER.readValue(json, MAP);
    }

    static <T> T read(String json, TypeReference<T> type) {
        return json == null ? null : MAPPER.readValue(json, type);
    }

    static <T> T read(String json, Class<T> type) {
        return json == null ? null : MAPPER.readValue(json, type);
    }
}
