package dev.rewind.integrations.flagd;

import dev.rewind.io.AtomicFile;
import dev.rewind.act.FlagSwitch;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A kill switch for flagd, which has no write API: it rewrites the flag file flagd watches, atomically
 * (temp file + move) so flagd never reads half a file, keeping every other flag and key.
 *
 * <p>Off means the flag's {@code defaultVariant} becomes its off variant (named "off", or valued false)
 * and its targeting rules are set aside, so every evaluation returns off. {@code state: DISABLED} is not
 * used: flagd then answers with the caller's code default, which may well be on. The set-aside
 * default variant and targeting go into the flag's {@code metadata} and come back on {@link #enable}.
 */
public final class FlagdFlagSwitch implements FlagSwitch {
    static final String SAVED_DEFAULT = "rewindSavedDefaultVariant";
    static final String SAVED_TARGETING = "rewindSavedTargeting";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path file;

    public FlagdFlagSwitch(Path file) {
        this.file = file;
    }

    /** {@code {type: flagd, file: /etc/flagd/flags.json}}. */
    public static FlagdFlagSwitch from(IntegrationConfig config) {
        config.allowOnly(Set.of("file"));
        Path file = Path.of(config.requireString("file"));
        if (!Files.isRegularFile(file)) throw config.error("file", "expected flagd's JSON flag file, found no file at " + file);
        return new FlagdFlagSwitch(file);
    }

    @Override
    public synchronized boolean isEnabled(String flag) {
        ObjectNode f = flag(read(), flag);
        if ("DISABLED".equals(f.path("state").asString(""))) return false;
        String variant = f.path("defaultVariant").asString("");
        JsonNode value = f.path("variants").path(variant);
        return value.isBoolean() ? value.asBoolean() : !variant.equals(variantNamed(f, flag, "off", false));
    }

    @Override
    public synchronized void disable(String flag) {
        ObjectNode root = read();
        ObjectNode f = flag(root, flag);
        String off = variantNamed(f, flag, "off", false);
        String current = f.path("defaultVariant").asString("");
        if (!current.equals(off)) {
            ObjectNode metadata = metadata(f);
            metadata.put(SAVED_DEFAULT, current);
            JsonNode targeting = f.remove("targeting");
            if (targeting != null && !targeting.isEmpty()) metadata.put(SAVED_TARGETING, JSON.writeValueAsString(targeting));
        }
        f.put("defaultVariant", off);
        f.put("state", "ENABLED");
        write(root);
    }

    @Override
    public synchronized void enable(String flag) {
        ObjectNode root = read();
        ObjectNode f = flag(root, flag);
        JsonNode metadata = f.path("metadata");
        String saved = metadata.path(SAVED_DEFAULT).asString(null);
        f.put("defaultVariant", saved != null && f.path("variants").has(saved) ? saved : variantNamed(f, flag, "on", true));
        if (metadata.has(SAVED_TARGETING)) f.set("targeting", JSON.readTree(metadata.path(SAVED_TARGETING).asString()));
        if (metadata instanceof ObjectNode m) {
            m.remove(SAVED_DEFAULT);
            m.remove(SAVED_TARGETING);
            if (m.isEmpty()) f.remove("metadata");
        }
        f.put("state", "ENABLED");
        write(root);
    }

    @Override
    public String toString() {
        return "FlagdFlagSwitch[" + file + "]";
    }

    private ObjectNode read() {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BadInputException(file.toString(), Math.max(line, 0), null, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ActionFailedException("cannot read flagd flag file " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode obj) || !(obj.get("flags") instanceof ObjectNode)) {
            throw new BadInputException(file.toString(), 1, "flags", "expected a flagd flag file: an object with a \"flags\" object");
        }
        return obj;
    }

    private ObjectNode flag(ObjectNode root, String flag) {
        ObjectNode flags = (ObjectNode) root.get("flags");
        if (flags.get(flag) instanceof ObjectNode f) return f;
        throw new ActionFailedException("flagd file " + file + " has no flag '" + flag + "'; it has " + flags.propertyNames());
    }

    /** The variant called {@code name}, else the one whose value is {@code value}. */
    private String variantNamed(ObjectNode f, String flag, String name, boolean value) {
        JsonNode variants = f.path("variants");
        if (variants.has(name)) return name;
        for (Map.Entry<String, JsonNode> v : variants.properties()) {
            if (v.getValue().isBoolean() && v.getValue().asBoolean() == value) return v.getKey();
        }
        throw new ActionFailedException("flag '" + flag + "' in " + file + " has no " + name + " variant (one named \"" + name
                + "\" or valued " + value + "); its variants are " + variants.propertyNames());
    }

    private static ObjectNode metadata(ObjectNode f) {
        if (f.get("metadata") instanceof ObjectNode m) return m;
        return f.putObject("metadata");
    }

    // Same directory, so the move is a rename on one file system: flagd sees the old file or the new one.
    private void write(ObjectNode root) {
        try {
            AtomicFile.write(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new ActionFailedException("cannot rewrite flagd flag file " + file + ": " + e.getMessage(), e);
        }
    }
}
