package dev.rewind.config;

import dev.rewind.config.ConfigNode.ListNode;
import dev.rewind.config.ConfigNode.MapNode;
import dev.rewind.config.ConfigNode.ScalarNode;
import dev.rewind.model.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML or JSON text into {@link ConfigNode}s that remember their line; syntax errors keep the parser's line. */
public final class ConfigTreeReader {
    // NaN and Infinity are read as numbers so that the field's own check refuses them with its name and range
    private static final TokenStreamFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final TokenStreamFactory YAML = new YAMLFactory();

    private ConfigTreeReader() {
    }

    /** JSON when the first non-blank character is '{' (seed 004), YAML otherwise (seed 001). */
    public static ConfigNode read(String file, String text) {
        TokenStreamFactory factory = text.stripLeading().startsWith("{") ? JSON : YAML;
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) throw new BadInputException(file, 1, null, "the file is empty; expected a map with 'rollback_policy' or 'auto_rollback'");
            ConfigNode root = node(file, p, "");
            if (p.nextToken() != null) {
                throw new BadInputException(file, line(p), null, "unexpected content after the end of the document");
            }
            return root;
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BadInputException(file, Math.max(line, 0), null, "invalid " + (factory == JSON ? "JSON" : "YAML") + ": " + e.getOriginalMessage().replaceAll("\\s+", " ").strip());
        }
    }

    private static ConfigNode node(String file, JsonParser p, String path) {
        int line = line(p);
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> map(file, p, path, line);
            case START_ARRAY -> list(file, p, path, line);
            case VALUE_STRING -> new ScalarNode(file, line, path, p.getString());
            // beyond a long: kept as a BigInteger, refused by the field's bound with its name rather than as a syntax error
            case VALUE_NUMBER_INT -> new ScalarNode(file, line, path, p.getNumberValue() instanceof java.math.BigInteger big
                    && big.bitLength() > 63 ? big : p.getLongValue());
            case VALUE_NUMBER_FLOAT -> new ScalarNode(file, line, path, p.getDoubleValue());
            case VALUE_TRUE -> new ScalarNode(file, line, path, Boolean.TRUE);
            case VALUE_FALSE -> new ScalarNode(file, line, path, Boolean.FALSE);
            case VALUE_NULL -> new ScalarNode(file, line, path, null);
            default -> throw new BadInputException(file, line, path, "unexpected " + t);
        };
    }

    private static MapNode map(String file, JsonParser p, String path, int line) {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String key = p.currentName();
            int keyLine = line(p);
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (entries.containsKey(key)) throw new BadInputException(file, keyLine, childPath, "duplicate key '" + key + "'");
            p.nextToken();
            ConfigNode child = node(file, p, childPath);
            // A nested map or list reports the key's line: that is where a reader looks for it.
            entries.put(key, switch (child) {
                case MapNode m -> new MapNode(file, keyLine, m.path(), m.entries());
                case ListNode l -> new ListNode(file, keyLine, l.path(), l.items());
                case ScalarNode s -> s;
            });
        }
        return new MapNode(file, line, path, entries);
    }

    private static ListNode list(String file, JsonParser p, String path, int line) {
        List<ConfigNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(file, p, path + "[" + items.size() + "]"));
        }
        return new ListNode(file, line, path, items);
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
