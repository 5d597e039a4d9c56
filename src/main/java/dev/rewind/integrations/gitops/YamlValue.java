package dev.rewind.integrations.gitops;

import dev.rewind.model.ActionFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One scalar of a YAML text, found by its place in the document, and replaced in place: only the characters of
 * that value change, so comments, key order, blank lines, indentation and the other values' quoting stay exactly
 * as they were. Parsing a YAML file into objects and writing it back would lose the comments and reflow the file.
 *
 * @param start  where the value starts in the text (chars), quotes included
 * @param end    where it ends (exclusive)
 * @param value  the value as YAML reads it
 * @param line   1-based, for messages
 */
record YamlValue(int start, int end, String value, ScalarStyle style, int line) {

    /** The text with this value replaced by {@code replacement}, written in the value's own quoting where it can be. */
    String replaceIn(String text, String replacement) {
        return text.substring(0, start) + render(replacement) + text.substring(end);
    }

    private String render(String v) {
        return switch (style) {
            case DOUBLE_QUOTED, JSON_SCALAR_STYLE -> doubleQuoted(v);
            case SINGLE_QUOTED -> "'" + v.replace("'", "''") + "'";
            // plain stays plain unless YAML would read it as something else: tag 1.10 would become the number 1.1
            case PLAIN -> readsAsItself(v) ? v : doubleQuoted(v);
            case LITERAL, FOLDED -> throw new ActionFailedException("the value at line " + line + " is a block scalar (| or >); "
                    + "Rewind changes only single-line values: write it on one line");
        };
    }

    private static String doubleQuoted(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean readsAsItself(String v) {
        if (v.isEmpty() || !v.equals(v.strip()) || v.contains(": ") || v.contains(" #") || v.contains("\n")) return false;
        try {
            return v.equals(new Load(LoadSettings.builder().build()).loadFromString("k: " + v + "\n") instanceof java.util.Map<?, ?> m ? m.get("k") : null);
        } catch (YamlEngineException e) {
            return false;
        }
    }

    /** Every document of a YAML text, with positions. A text that is not YAML is an error naming the file. */
    static List<Node> documents(String text, String file) {
        try {
            List<Node> docs = new ArrayList<>();
            new Compose(LoadSettings.builder().setLabel(file).build()).composeAllFromString(text).forEach(docs::add);
            return docs;
        } catch (YamlEngineException e) {
            throw new ActionFailedException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    static Optional<Node> get(Node node, String key) {
        if (!(node instanceof MappingNode map)) return Optional.empty();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return Optional.of(t.getValueNode());
        }
        return Optional.empty();
    }

    static List<Node> items(Node node) {
        return node instanceof SequenceNode seq ? seq.getValue() : List.of();
    }

    static Optional<String> text(Node node) {
        return node instanceof ScalarNode s ? Optional.of(s.getValue()) : Optional.empty();
    }

    /** The scalar at {@code node}, with its span in {@code text} (the parser counts code points; Java strings count chars). */
    static YamlValue of(Node node, String text, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw new ActionFailedException(what + " is not a single value but " + kind(node) + " (line " + line(node) + ")");
        }
        Mark from = s.getStartMark().orElseThrow();
        Mark to = s.getEndMark().orElseThrow();
        return new YamlValue(text.offsetByCodePoints(0, from.getIndex()), text.offsetByCodePoints(0, to.getIndex()), s.getValue(),
                s.getScalarStyle(), from.getLine() + 1);
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String kind(Node node) {
        return switch (node.getNodeType()) {
            case MAPPING -> "a map";
            case SEQUENCE -> "a list";
            case SCALAR, ANCHOR -> "a value";
        };
    }
}
