package dev.rewind.integrations.builtin;

import dev.rewind.io.AtomicFile;
import dev.rewind.act.FlagSwitch;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo's own flag service: on/off flags in memory, optionally kept in a JSON file
 * ({@code {"flags": {"new-checkout": true}}}) so a restart remembers a kill switch. Listeners hear
 * every real change, after it is stored, so a service can react without polling.
 */
public final class BuiltinFlagStore implements FlagSwitch {
    /** A flag that changed to {@code enabled}. */
    public record FlagChange(String flag, boolean enabled) {}

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Map<String, Boolean> flags = new LinkedHashMap<>();
    private final List<Consumer<FlagChange>> listeners = new CopyOnWriteArrayList<>();
    private final Path file;

    /** In memory only. */
    public BuiltinFlagStore() {
        this.file = null;
    }

    /** Kept in {@code file}: read now when it exists, rewritten atomically on every change. */
    public BuiltinFlagStore(Path file) {
        this.file = file;
        if (Files.exists(file)) flags.putAll(load(file));
    }

    /** {@code {type: builtin, file?: flags.json, flags?: {new-checkout: true}}}; the file wins over the listed defaults. */
    public static BuiltinFlagStore from(IntegrationConfig config) {
        config.allowOnly(Set.of("file", "flags"));
        String file = config.string("file", null);
        BuiltinFlagStore store = file == null ? new BuiltinFlagStore() : new BuiltinFlagStore(Path.of(file));
        Object initial = config.settings().get("flags");
        if (initial == null) return store;
        if (!(initial instanceof Map<?, ?> map)) throw config.error("flags", "expected a map of flag name to true/false, found '" + initial + "'");
        for (var e : map.entrySet()) {
            if (!(e.getValue() instanceof Boolean on)) {
                throw config.error("flags." + e.getKey(), "expected true or false, found '" + e.getValue() + "'");
            }
            synchronized (store) {
                store.flags.putIfAbsent(e.getKey().toString(), on);
            }
        }
        store.persist();
        return store;
    }

    /** Adds a flag, or sets it as {@link #enable}/{@link #disable} would. */
    public void define(String flag, boolean enabled) {
        set(flag, enabled, true);
    }

    @Override
    public synchronized boolean isEnabled(String flag) {
        Boolean on = flags.get(flag);
        if (on == null) throw unknown(flag);
        return on;
    }

    @Override
    public void disable(String flag) {
        set(flag, false, false);
    }

    @Override
    public void enable(String flag) {
        set(flag, true, false);
    }

    public synchronized Map<String, Boolean> flags() {
        return Map.copyOf(flags);
    }

    public void onChange(Consumer<FlagChange> listener) {
        listeners.add(listener);
    }

    private void set(String flag, boolean enabled, boolean mayCreate) {
        Boolean before;
        synchronized (this) {
            before = flags.get(flag);
            if (before == null && !mayCreate) throw unknown(flag);
            if (before != null && before == enabled) return;
            flags.put(flag, enabled);
            try {
                persist();
            } catch (RuntimeException e) {
                if (before == null) flags.remove(flag); else flags.put(flag, before);
                throw e;
            }
        }
        // Outside the lock: a listener may read the store back without deadlocking.
        FlagChange change = new FlagChange(flag, enabled);
        listeners.forEach(l -> l.accept(change));
    }

    private synchronized void persist() {
        if (file == null) return;
        ObjectNode root = JSON.createObjectNode();
        ObjectNode node = root.putObject("flags");
        flags.forEach(node::put);
        try {
            AtomicFile.write(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new ActionFailedException("cannot write the flag store " + file + ": " + e.getMessage(), e);
        }
    }

    private synchronized ActionFailedException unknown(String flag) {
        return new ActionFailedException("no flag '" + flag + "' in the built-in flag store; it has " + flags.keySet());
    }

    private static Map<String, Boolean> load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNr(), 0);
            throw new BadInputException(file.toString(), line, null, "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ActionFailedException("cannot read the flag store " + file + ": " + e.getMessage(), e);
        }
        if (!root.path("flags").isObject()) {
            throw new BadInputException(file.toString(), 1, "flags", "expected {\"flags\": {\"name\": true|false}}");
        }
        Map<String, Boolean> loaded = new LinkedHashMap<>();
        for (var e : root.path("flags").properties()) {
            if (!e.getValue().isBoolean()) {
                throw new BadInputException(file.toString(), 0, "flags." + e.getKey(), "expected true or false, found " + e.getValue());
            }
            loaded.put(e.getKey(), e.getValue().asBoolean());
        }
        return loaded;
    }
}
