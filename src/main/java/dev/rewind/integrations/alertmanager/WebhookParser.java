package dev.rewind.integrations.alertmanager;

import dev.rewind.model.BadInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads a version-4 webhook body; every error names the field (alerts[2].startsAt) and what was expected. */
final class WebhookParser {
    static final String FILE = "alertmanager webhook";
    /** A version-4 message is four levels deep (message, alerts, alert, labels); the limit leaves room and stops a stack-eating body. */
    static final int MAX_DEPTH = 32;
    /** Alertmanager writes the zero time 0001-01-01T00:00:00Z for "no end"; nothing real lies past year 9999. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build()).build();

    private WebhookParser() {
    }

    static WebhookMessage parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new BadInputException(FILE, 0, "body", "expected JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw bad("body", "expected a JSON object");
        String version = text(root, "version", true);
        if (!"4".equals(version)) throw bad("version", "expected \"4\" (Alertmanager's webhook payload), found \"" + version + "\"");
        JsonNode alerts = root.get("alerts");
        if (alerts == null || !alerts.isArray()) throw bad("alerts", "expected an array of alerts");
        List<WebhookAlert> list = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) list.add(alert(alerts.get(i), "alerts[" + i + "]"));
        return new WebhookMessage(version, text(root, "groupKey", false), text(root, "status", false),
                text(root, "receiver", false), labels(root, "groupLabels", ""), labels(root, "commonLabels", ""),
                labels(root, "commonAnnotations", ""), text(root, "externalURL", false), list);
    }

    private static WebhookAlert alert(JsonNode node, String at) {
        if (!node.isObject()) throw bad(at, "expected an alert object");
        String status = text(node, "status", true, at);
        if (!status.equals("firing") && !status.equals("resolved")) {
            throw bad(at + ".status", "expected firing or resolved, found \"" + status + "\"");
        }
        return new WebhookAlert(status, labels(node, "labels", at), labels(node, "annotations", at),
                time(node, "startsAt", at), time(node, "endsAt", at), text(node, "generatorURL", false, at),
                text(node, "fingerprint", false, at));
    }

    private static Instant time(JsonNode node, String key, String at) {
        String value = text(node, key, true, at);
        Instant time;
        try {
            time = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(at + "." + key, "expected an RFC 3339 time like 2026-01-26T10:00:00Z, found \"" + value + "\"");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw bad(at + "." + key, "expected a time between years 0001 and 9999, found \"" + value + "\"");
        }
        return time;
    }

    private static Map<String, String> labels(JsonNode node, String key, String at) {
        JsonNode map = node.get(key);
        String field = at.isEmpty() ? key : at + "." + key;
        if (map == null || map.isNull()) return Map.of();
        if (!map.isObject()) throw bad(field, "expected an object of string labels");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isString()) throw bad(field + "." + e.getKey(), "expected a string, found " + e.getValue());
            out.put(e.getKey(), e.getValue().asString());
        }
        return out;
    }

    private static String text(JsonNode node, String key, boolean required) {
        return text(node, key, required, "");
    }

    private static String text(JsonNode node, String key, boolean required, String at) {
        JsonNode v = node.get(key);
        String field = at.isEmpty() ? key : at + "." + key;
        if (v == null || v.isNull()) {
            if (required) throw bad(field, "is required");
            return null;
        }
        if (!v.isString()) throw bad(field, "expected a string, found " + v);
        return v.asString();
    }

    static BadInputException bad(String field, String problem) {
        return new BadInputException(FILE, 0, field, problem);
    }
}
