package dev.rewind.integrations.configfile;

import dev.rewind.act.ConfigSnapshot;
import dev.rewind.act.ConfigStore;
import dev.rewind.config.ActuatorBlocks;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.io.AtomicFile;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.time.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Config files under one {@code root}, with snapshots under {@code snapshot_dir/<label>/<path under root>} and a
 * {@code .snapshot.json} beside each (when, its SHA-256, the file's mode). A restore writes the file atomically
 * ({@link AtomicFile}) with the mode and owner it had, then runs the reload hook: an HTTP POST or a signal.
 * Snapshots may hold secrets, so they are written owner-only; only keys and hashes ever leave this class.
 */
public final class FileConfigStore implements ConfigStore {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    private static final String META = ".snapshot.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final Path snapshots;
    private final long maxBytes;
    private final ReloadHook reload;
    private final TimeSource time;

    FileConfigStore(Path root, Path snapshots, long maxBytes, ReloadHook reload, TimeSource time) {
        this.root = root;
        this.snapshots = snapshots;
        this.maxBytes = maxBytes;
        this.reload = reload;
        this.time = time;
    }

    /**
     * {@code {type: file, root: /etc/shop, snapshot_dir: /var/lib/rewind/config, max_bytes: 1048576,
     * reload: {url: http://127.0.0.1:8080/-/reload} | {signal: HUP, pid_file: /run/shop.pid, command: /usr/bin/shop}}}.
     */
    public static FileConfigStore from(IntegrationConfig c, TimeSource time) {
        c.allowOnly(ActuatorBlocks.keys("config_store", "file"));
        Path root = absoluteDir(c, "root", true);
        Path snapshots = absoluteDir(c, "snapshot_dir", false);
        if (snapshots.startsWith(root)) throw c.error("snapshot_dir", "must lie outside root (" + root + "): snapshots are not config files");
        int max = c.integer("max_bytes", 1 << 20, 1, 64 << 20);
        return new FileConfigStore(root, snapshots, max, reloadHook(c), time);
    }

    private static ReloadHook reloadHook(IntegrationConfig c) {
        Object raw = c.settings().get("reload");
        if (raw == null) return null;
        if (!(raw instanceof Map<?, ?> m)) throw c.error("reload", "expected {url: ...} or {signal: HUP, pid_file: ..., command: ...}");
        for (Object k : m.keySet()) {
            if (!ActuatorBlocks.reloadKeys().contains(String.valueOf(k))) throw c.error("reload." + k, "unknown setting; expected one of " + ActuatorBlocks.reloadKeys());
        }
        if (m.containsKey("url") == m.containsKey("signal")) throw c.error("reload", "give either url (an HTTP POST) or signal (with pid_file and command)");
        if (m.containsKey("url")) {
            if (m.containsKey("pid_file") || m.containsKey("command")) throw c.error("reload", "pid_file and command go with signal, not url");
            URI url;
            try {
                url = URI.create(String.valueOf(m.get("url")));
            } catch (IllegalArgumentException e) {
                throw c.error("reload.url", "expected a URL, found '" + m.get("url") + "'");
            }
            String problem = HttpReload.problem(url);
            if (problem != null) throw c.error("reload.url", problem);
            Object t = m.get("timeout_seconds") == null ? 10 : m.get("timeout_seconds");
            int timeout = t instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue() : -1;
            if (timeout < 1 || timeout > 300) throw c.error("reload.timeout_seconds", "expected a whole number of seconds from 1 to 300, found '" + t + "'");
            return new HttpReload(url, Duration.ofSeconds(timeout));
        }
        String signal = String.valueOf(m.get("signal")).toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
        if (!SignalReload.SIGNALS.contains(signal)) throw c.error("reload.signal", "expected one of " + SignalReload.SIGNALS + ", found '" + m.get("signal") + "'");
        if (m.get("pid_file") == null || m.get("command") == null) throw c.error("reload", "a signal needs pid_file and command (the program the pid must run)");
        Path pidFile = Path.of(String.valueOf(m.get("pid_file")));
        Path command = Path.of(String.valueOf(m.get("command")));
        if (!pidFile.isAbsolute()) throw c.error("reload.pid_file", "expected an absolute path, found '" + pidFile + "'");
        if (!command.isAbsolute()) throw c.error("reload.command", "expected the program's absolute path, found '" + command + "'");
        return new SignalReload(signal, pidFile, command);
    }

    @Override
    public ConfigSnapshot capture(String target, String label) {
        Path file = resolve(target);
        checkLabel(label);
        byte[] data = read(file, "config file");
        Path copy = snapshotFile(label, file);
        if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(copy.toString(), 0, null, "a snapshot '" + label + "' of " + relative(file) + " exists already; snapshots are never overwritten");
        }
        Instant at = time.now();
        try {
            createPrivateDirs(copy.getParent());
            AtomicFile.write(copy, data, OWNER_ONLY, null, null);
            String meta = JSON.writeValueAsString(Map.of("target", relative(file), "label", label, "taken_at", at.toString(), "sha256", sha256(data),
                    "mode", PosixFilePermissions.toString(Files.getPosixFilePermissions(file))));
            AtomicFile.write(metaFile(copy), meta.getBytes(StandardCharsets.UTF_8), OWNER_ONLY, null, null);
        } catch (IOException e) {
            throw new ActionFailedException("cannot keep snapshot " + label + " of " + file + ": " + e.getMessage(), e);
        }
        return new ConfigSnapshot(target, label, at, hashes(file, data));
    }

    @Override
    public Restored restore(String target, String label, String keepCurrentAs) {
        Path file = resolve(target);
        String chosen = label != null ? label : newest(file);
        checkLabel(chosen);
        Path copy = snapshotFile(chosen, file);
        if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(copy.toString(), 0, null, "no snapshot '" + chosen + "' of " + relative(file) + "; kept: " + labels(file));
        }
        JsonNode meta = meta(copy);
        byte[] data = read(copy, "snapshot");
        if (!sha256(data).equals(meta.path("sha256").asString(""))) {
            throw new ActionFailedException("snapshot " + copy + " does not match the SHA-256 kept with it: damaged; nothing was restored");
        }
        ConfigSnapshot replaced = Files.exists(file) ? capture(target, free(file, keepCurrentAs)) : null;
        try {
            Set<PosixFilePermission> mode;
            PosixFileAttributes was = replaced == null ? null : Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            mode = was != null ? was.permissions() : PosixFilePermissions.fromString(meta.path("mode").asString("rw-------"));
            AtomicFile.write(file, data, mode, was == null ? null : was.owner(), was == null ? null : was.group());
        } catch (IOException | IllegalArgumentException e) {
            throw new ActionFailedException("cannot write " + file + ": " + e.getMessage(), e);
        }
        ConfigSnapshot snap = new ConfigSnapshot(target, chosen, Instant.parse(meta.path("taken_at").asString()), hashes(file, data));
        return new Restored(snap, replaced, reload == null ? null : reload.reload());
    }

    @Override
    public Optional<ConfigSnapshot> current(String target) {
        Path file = resolve(target);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        return Optional.of(new ConfigSnapshot(target, null, null, hashes(file, read(file, "config file"))));
    }

    /** The label, or label-2, -3...: a retried restore in the same second keeps its own copy of what it replaces. */
    private String free(Path file, String label) {
        checkLabel(label);
        for (int n = 1; n <= 100; n++) {
            String candidate = n == 1 ? label : label + "-" + n;
            if (!Files.exists(snapshotFile(candidate, file), LinkOption.NOFOLLOW_LINKS)) return candidate;
        }
        throw new ActionFailedException("100 snapshots named " + label + "-N of " + relative(file) + " exist already");
    }

    /** The target as a file under root: a relative path is taken from root; nothing outside root, no symbolic link. */
    private Path resolve(String target) {
        if (target == null || target.isBlank() || target.length() > 4096 || target.indexOf('\0') >= 0) {
            throw new BadInputException("restore_config", 0, "target", "expected a config file path, found '" + target + "'");
        }
        Path p = Path.of(target);
        Path file = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new BadInputException("restore_config", 0, "target", "'" + target + "' is not a file under the config store's root " + root);
        }
        try {
            Path realParent = file.getParent().toRealPath();
            if (!realParent.startsWith(root.toRealPath())) throw new BadInputException("restore_config", 0, "target", "'" + target + "' leads out of " + root + " through a link");
        } catch (IOException e) {
            throw new BadInputException("restore_config", 0, "target", "the folder of '" + target + "' does not exist under " + root);
        }
        if (Files.isSymbolicLink(file)) throw new BadInputException("restore_config", 0, "target", file + " is a symbolic link; restore the file it points to");
        return file;
    }

    private String relative(Path file) {
        return root.relativize(file).toString();
    }

    private Path snapshotFile(String label, Path file) {
        return snapshots.resolve(label).resolve(relative(file));
    }

    private static Path metaFile(Path copy) {
        return copy.resolveSibling(copy.getFileName() + META);
    }

    private JsonNode meta(Path copy) {
        Path meta = metaFile(copy);
        if (!Files.isRegularFile(meta, LinkOption.NOFOLLOW_LINKS)) throw new ActionFailedException("snapshot " + copy + " has no " + META + " beside it: it cannot be checked, so it is not restored");
        try {
            return JSON.readTree(new String(read(meta, "snapshot record"), StandardCharsets.UTF_8));
        } catch (tools.jackson.core.JacksonException e) {
            throw new ActionFailedException("cannot read " + meta + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The newest snapshot of the file, leaving out those a restore kept (they hold what was rolled back). */
    private String newest(Path file) {
        return snapshotLabels(file).stream().filter(l -> !l.startsWith(ConfigSnapshot.PRE_RESTORE))
                .max(Comparator.comparing((String l) -> Instant.parse(meta(snapshotFile(l, file)).path("taken_at").asString())))
                .orElseThrow(() -> new BadInputException(snapshots.toString(), 0, null, "no snapshot of " + relative(file) + " has been kept"));
    }

    private List<String> labels(Path file) {
        return snapshotLabels(file).stream().sorted().limit(20).toList();
    }

    private List<String> snapshotLabels(Path file) {
        if (!Files.isDirectory(snapshots)) return List.of();
        try (Stream<Path> dirs = Files.list(snapshots)) {
            return dirs.map(d -> d.getFileName().toString()).filter(l -> LABEL.matcher(l).matches())
                    .filter(l -> Files.isRegularFile(snapshotFile(l, file), LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            throw new ActionFailedException("cannot list " + snapshots + ": " + e.getMessage(), e);
        }
    }

    private byte[] read(Path file, String what) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] data = in.readNBytes((int) maxBytes + 1);
            if (data.length > maxBytes) throw new ActionFailedException(what + " " + file + " is larger than max_bytes (" + maxBytes + ")");
            return data;
        } catch (IOException e) {
            throw new ActionFailedException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> hashes(Path file, byte[] data) {
        String key = relative(file);
        return Map.of(key, shortHash(key, data));
    }

    private static void checkLabel(String label) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new BadInputException("restore_config", 0, "params.snapshot", "expected a snapshot label of lower-case letters, digits, '.' and '-', found '" + label + "'");
        }
    }

    private static void createPrivateDirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static Path absoluteDir(IntegrationConfig c, String key, boolean mustExist) {
        String raw = c.requireString(key);
        Path p = Path.of(raw);
        if (!p.isAbsolute() || !p.normalize().equals(p)) throw c.error(key, "expected an absolute folder without . or .. parts, found '" + raw + "'");
        if (mustExist && !Files.isDirectory(p)) throw c.error(key, "no folder " + p);
        return p;
    }

    /** A short SHA-256 personalised by the key, so equal values in two places do not read as equal. */
    static String shortHash(String key, byte[] value) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(key.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(value);
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
