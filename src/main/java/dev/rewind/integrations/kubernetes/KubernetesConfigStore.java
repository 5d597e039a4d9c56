package dev.rewind.integrations.kubernetes;

import static dev.rewind.integrations.kubernetes.ClusterClient.call;

import dev.rewind.act.ConfigSnapshot;
import dev.rewind.act.ConfigStore;
import dev.rewind.config.ActuatorBlocks;
import dev.rewind.config.IntegrationConfig;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.time.TimeSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ConfigMap or a Secret with its snapshots, each kept in the cluster as an object of the same kind beside it
 * ({@code <name>.rewind.<label>}, immutable): a Secret's snapshot is a Secret, under the same access rules, and
 * never a file on Rewind's disk. A snapshot copies the data and the type only; it keeps the original's labels in an
 * annotation, not as labels, so no selector ever picks a snapshot for the real thing.
 *
 * <p>A restore replaces the live object's data and keeps its own metadata (labels, annotations, owner references),
 * adding {@code rewind.dev/restored-from}; the update carries the resourceVersion it read, so a change made
 * meanwhile makes Kubernetes refuse it rather than be overwritten. Only keys and hashes of values leave this class.
 */
public final class KubernetesConfigStore implements ConfigStore, AutoCloseable {
    public enum Kind { CONFIGMAP, SECRET }

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String SNAPSHOT_OF = "rewind.dev/snapshot-of";
    static final String LABEL = "rewind.dev/snapshot-label";
    static final String TAKEN_AT = "rewind.dev/taken-at";
    static final String SOURCE_LABELS = "rewind.dev/source-labels";
    static final String RESTORED_FROM = "rewind.dev/restored-from";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern SNAPSHOT_LABEL = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;
    private final String namespace;
    private final Kind kind;
    private final TimeSource time;

    public KubernetesConfigStore(KubernetesClient client, String namespace, Kind kind, TimeSource time) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.kind = kind;
        this.time = time;
    }

    /** {@code {type: kubernetes-configmap | kubernetes-secret, namespace, kubeconfig?, context?}}. */
    public static KubernetesConfigStore from(IntegrationConfig c, Kind kind, TimeSource time) {
        c.allowOnly(ActuatorBlocks.keys("config_store", kind == Kind.SECRET ? "kubernetes-secret" : "kubernetes-configmap"));
        String namespace = c.string("namespace", "default");
        if (!namespace.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) throw c.error("namespace", "expected a Kubernetes namespace name, found '" + namespace + "'");
        return new KubernetesConfigStore(ClusterClient.connect(c), namespace, kind, time);
    }

    @Override
    public ConfigSnapshot capture(String target, String label) {
        checkName(target);
        checkLabel(label);
        Data live = read(target).orElseThrow(() -> new ActionFailedException(what(target) + " not found: nothing to keep"));
        String name = snapshotName(target, label);
        if (read(name).isPresent()) throw new BadInputException(what(name), 0, null, "a snapshot '" + label + "' of " + target + " exists already; snapshots are never overwritten");
        Instant at = time.now();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SNAPSHOT_OF, target);
        annotations.put(LABEL, label);
        annotations.put(TAKEN_AT, at.toString());
        annotations.put(SOURCE_LABELS, JSON.writeValueAsString(live.meta().getLabels() == null ? Map.of() : live.meta().getLabels()));
        ObjectMeta meta = new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(Map.of(MANAGED_BY, "rewind", SNAPSHOT_OF, labelValue(target))).withAnnotations(annotations).build();
        create(live.copy(meta, true));
        return new ConfigSnapshot(target, label, at, live.hashes(namespace + "/" + target));
    }

    @Override
    public Restored restore(String target, String label, String keepCurrentAs) {
        checkName(target);
        Data snap = label != null ? snapshot(target, label) : newest(target);
        Optional<Data> live = read(target);
        ConfigSnapshot replaced = null;
        if (live.isPresent()) {
            Data now = live.get();
            if (Boolean.TRUE.equals(now.immutable())) {
                throw new BadInputException(what(target), 0, null, "is immutable: Kubernetes allows no change to its data; point the workload at a new object");
            }
            if (!Objects.equals(now.type(), snap.type())) {
                throw new BadInputException(what(target), 0, null, "is of type " + now.type() + ", and the snapshot of type " + snap.type() + "; Kubernetes cannot change a Secret's type");
            }
            replaced = capture(target, free(target, keepCurrentAs));
            ObjectMeta meta = now.meta();
            Map<String, String> annotations = meta.getAnnotations() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getAnnotations());
            annotations.put(RESTORED_FROM, snap.meta().getAnnotations().get(LABEL) + " at " + time.now());
            meta.setAnnotations(annotations);
            update(snap.copy(meta, now.immutable()));
        } else {
            Map<String, String> labels = JSON.readValue(snap.meta().getAnnotations().getOrDefault(SOURCE_LABELS, "{}"), new TypeReference<>() { });
            create(snap.copy(new ObjectMetaBuilder().withName(target).withNamespace(namespace).withLabels(labels)
                    .withAnnotations(Map.of(RESTORED_FROM, snap.meta().getAnnotations().get(LABEL) + " at " + time.now())).build(), null));
        }
        Map<String, String> a = snap.meta().getAnnotations();
        return new Restored(new ConfigSnapshot(target, a.get(LABEL), Instant.parse(a.get(TAKEN_AT)), snap.hashes(namespace + "/" + target)), replaced, null);
    }

    @Override
    public Optional<ConfigSnapshot> current(String target) {
        checkName(target);
        return read(target).map(d -> new ConfigSnapshot(target, null, null, d.hashes(namespace + "/" + target)));
    }

    @Override
    public void close() {
        client.close();
    }

    private Data snapshot(String target, String label) {
        checkLabel(label);
        Data d = read(snapshotName(target, label)).orElseThrow(() -> new BadInputException(what(target), 0, null,
                "no snapshot '" + label + "' of it; kept: " + snapshots(target).stream().map(s -> s.meta().getAnnotations().get(LABEL)).sorted().toList()));
        if (!target.equals(d.meta().getAnnotations() == null ? null : d.meta().getAnnotations().get(SNAPSHOT_OF))) {
            throw new BadInputException(what(d.meta().getName()), 0, null, "is not a Rewind snapshot of " + target);
        }
        return d;
    }

    /** The newest snapshot, leaving out those a restore kept (they hold the data that was rolled back). */
    private Data newest(String target) {
        return snapshots(target).stream().filter(d -> !d.meta().getAnnotations().get(LABEL).startsWith(ConfigSnapshot.PRE_RESTORE))
                .max(Comparator.comparing(d -> Instant.parse(d.meta().getAnnotations().get(TAKEN_AT))))
                .orElseThrow(() -> new BadInputException(what(target), 0, null, "no snapshot of it has been kept"));
    }

    /** The label, or label-2, -3...: a retried restore in the same second keeps its own copy of what it replaces. */
    private String free(String target, String label) {
        checkLabel(label);
        for (int n = 1; n <= 100; n++) {
            String candidate = n == 1 ? label : label + "-" + n;
            if (read(snapshotName(target, candidate)).isEmpty()) return candidate;
        }
        throw new ActionFailedException("100 snapshots named " + label + "-N of " + what(target) + " exist already");
    }

    private List<Data> snapshots(String target) {
        List<? extends HasMetadata> items = call(client, "list snapshots of " + target, () -> kind == Kind.SECRET
                ? client.secrets().inNamespace(namespace).withLabel(SNAPSHOT_OF, labelValue(target)).list().getItems()
                : client.configMaps().inNamespace(namespace).withLabel(SNAPSHOT_OF, labelValue(target)).list().getItems());
        return items.stream().map(Data::of)
                .filter(d -> d.meta().getAnnotations() != null && target.equals(d.meta().getAnnotations().get(SNAPSHOT_OF))
                        && d.meta().getAnnotations().containsKey(LABEL) && d.meta().getAnnotations().containsKey(TAKEN_AT)).toList();
    }

    private Optional<Data> read(String name) {
        HasMetadata o = call(client, "read " + what(name), () -> kind == Kind.SECRET
                ? client.secrets().inNamespace(namespace).withName(name).get()
                : client.configMaps().inNamespace(namespace).withName(name).get());
        return Optional.ofNullable(o).map(Data::of);
    }

    private void create(HasMetadata o) {
        call(client, "create " + what(o.getMetadata().getName()), () -> o instanceof Secret s
                ? client.secrets().inNamespace(namespace).resource(s).create()
                : client.configMaps().inNamespace(namespace).resource((ConfigMap) o).create());
    }

    private void update(HasMetadata o) {
        call(client, "update " + what(o.getMetadata().getName()), () -> o instanceof Secret s
                ? client.secrets().inNamespace(namespace).resource(s).update()
                : client.configMaps().inNamespace(namespace).resource((ConfigMap) o).update());
    }

    private String what(String name) {
        return (kind == Kind.SECRET ? "Secret " : "ConfigMap ") + namespace + "/" + name;
    }

    private static String snapshotName(String target, String label) {
        String name = target + ".rewind." + label;
        if (name.length() > 253) throw new BadInputException("restore_config", 0, "params.snapshot", "snapshot name " + name + " is longer than Kubernetes allows (253)");
        return name;
    }

    /** Label values stop at 63 characters; a longer name is stood in for by its hash (the annotation keeps it whole). */
    private static String labelValue(String target) {
        return target.length() <= 63 ? target : "h-" + hash("name", target.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadInputException("restore_config", 0, "target", "expected a ConfigMap or Secret name (lower-case letters, digits, '-', '.'), found '" + name + "'");
        }
    }

    private static void checkLabel(String label) {
        if (label == null || !SNAPSHOT_LABEL.matcher(label).matches()) {
            throw new BadInputException("restore_config", 0, "params.snapshot", "expected a snapshot label of lower-case letters, digits, '.' and '-', found '" + label + "'");
        }
    }

    static String hash(String personal, byte[] value) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(personal.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(value);
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A ConfigMap's or Secret's data, whatever the kind. Values are kept as Kubernetes holds them (ConfigMap
     * {@code data} as text, {@code binaryData} and Secret {@code data} as base64) and hashed as decoded bytes.
     */
    private record Data(ObjectMeta meta, Map<String, String> text, Map<String, String> base64, String type, Boolean immutable, boolean secret) {

        static Data of(HasMetadata o) {
            if (o instanceof Secret s) {
                Map<String, String> b64 = new LinkedHashMap<>(s.getData() == null ? Map.of() : s.getData());
                // stringData is write-only in a real cluster; a store that kept it (the mock) holds plain text there
                if (s.getStringData() != null) s.getStringData().forEach((k, v) -> b64.putIfAbsent(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
                return new Data(s.getMetadata(), Map.of(), b64, s.getType(), s.getImmutable(), true);
            }
            ConfigMap c = (ConfigMap) o;
            return new Data(c.getMetadata(), c.getData() == null ? Map.of() : c.getData(), c.getBinaryData() == null ? Map.of() : c.getBinaryData(),
                    null, c.getImmutable(), false);
        }

        HasMetadata copy(ObjectMeta meta, Boolean immutable) {
            if (secret) {
                Secret s = new Secret();
                s.setMetadata(meta);
                s.setData(new LinkedHashMap<>(base64));
                s.setType(type);
                s.setImmutable(immutable);
                return s;
            }
            ConfigMap c = new ConfigMap();
            c.setMetadata(meta);
            c.setData(new LinkedHashMap<>(text));
            c.setBinaryData(new LinkedHashMap<>(base64));
            c.setImmutable(immutable);
            return c;
        }

        /** key -> short hash of the decoded value, personalised by namespace/name and key. */
        Map<String, String> hashes(String object) {
            String who = object + "/";
            Map<String, String> out = new LinkedHashMap<>();
            text.forEach((k, v) -> out.put(k, hash(who + k, v.getBytes(StandardCharsets.UTF_8))));
            base64.forEach((k, v) -> out.put(k, hash(who + k, Base64.getDecoder().decode(v))));
            return out;
        }
    }
}
