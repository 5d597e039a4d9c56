package dev.rewind.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where server mode learns of deploys by itself ({@code release_source:} in an environment): a Kubernetes Deployment,
 * or an Argo Rollouts {@code Rollout} (argoproj.io/v1alpha1), whose new revisions are registered as releases. Checked
 * when the config loads: names as Kubernetes accepts them (they go into API paths), the resync bounded.
 *
 * @param kind         which object is watched
 * @param deployment   the watched object's name (a Deployment's, or a Rollout's)
 * @param container    the container whose image tag is the version, or null for the first one
 * @param versionLabel a pod template label that holds the version instead of the image tag (app.kubernetes.io/version), or null
 * @param resync       how often the informer re-lists the Deployment as a safety net; zero: never
 * @param block        the block as written, for connecting (kubeconfig, context are read when the server starts)
 */
public record ReleaseSourceConfig(Kind kind, String namespace, String deployment, String container, String versionLabel, Duration resync,
                                  IntegrationConfig block) {
    public static final Set<String> KEYS = Set.of("kind", "namespace", "deployment", "rollout", "container", "version_label", "kubeconfig",
            "context", "resync_seconds");

    /** What a release source watches: a Deployment (apps/v1), or an Argo Rollouts Rollout (argoproj.io/v1alpha1). */
    public enum Kind {
        DEPLOYMENT("Deployment", "deployment"), ROLLOUT("Rollout", "rollout");

        private final String word;
        private final String key;

        Kind(String word, String key) {
            this.word = word;
            this.key = key;
        }

        /** As Kubernetes writes it: Deployment, Rollout. */
        public String word() {
            return word;
        }

        /** The setting that names the object: deployment, rollout. */
        public String key() {
            return key;
        }
    }
    public static final int DEFAULT_RESYNC_SECONDS = 600;
    static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    static final String DNS_SUBDOMAIN = "(?=.{1,253}$)" + DNS_LABEL + "(\\." + DNS_LABEL + ")*";
    /** A label key: an optional DNS subdomain prefix and a slash, then a name of at most 63 characters. */
    static final String LABEL_KEY = "(" + DNS_SUBDOMAIN + "/)?(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?";

    public ReleaseSourceConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(resync, "resync");
        Objects.requireNonNull(block, "block");
    }

    /**
     * {@code {type: kubernetes, kind?, namespace?, deployment? | rollout?, container?, version_label?, kubeconfig?, context?,
     * resync_seconds?}}.
     *
     * @param service the environment's service: the watched object's name when none is given, as the deployer does
     */
    public static ReleaseSourceConfig of(IntegrationConfig block, String service) {
        if (!block.type().equals("kubernetes")) throw block.error("type", "expected kubernetes (the only release source; an Argo Rollout is type: kubernetes with kind: Rollout), found '"
                + block.type() + "'");
        block.allowOnly(KEYS);
        String namespace = block.string("namespace", "default").strip();
        if (!namespace.matches(DNS_LABEL)) throw block.error("namespace", "expected a Kubernetes namespace (lower-case letters, digits and -, at most 63), found '" + namespace + "'");
        String kindName = block.string("kind", "Deployment").strip();
        Kind kind = java.util.Arrays.stream(Kind.values()).filter(k -> k.word().equals(kindName)).findFirst()
                .orElseThrow(() -> block.error("kind", "expected Deployment or Rollout (Argo Rollouts), found '" + kindName + "'"));
        Kind other = kind == Kind.DEPLOYMENT ? Kind.ROLLOUT : Kind.DEPLOYMENT;
        if (block.settings().containsKey(other.key())) {
            throw block.error(other.key(), "a release source of kind " + kind.word() + " is named by " + kind.key() + ":, not " + other.key() + ":"
                    + (kind == Kind.DEPLOYMENT ? " (set kind: Rollout to watch an Argo Rollout)" : ""));
        }
        String deployment = block.string(kind.key(), service).strip();
        if (!deployment.matches(DNS_SUBDOMAIN)) {
            throw block.error(kind.key(), "expected a " + kind.word() + " name (lower-case letters, digits, - and ., at most 253), found '" + deployment + "'"
                    + (block.settings().containsKey(kind.key()) ? "" : " (the service name; set " + kind.key() + ":)"));
        }
        String container = block.string("container", null);
        if (container != null && !container.strip().matches(DNS_LABEL)) {
            throw block.error("container", "expected a container name (lower-case letters, digits and -, at most 63), found '" + container + "'");
        }
        String label = block.string("version_label", null);
        if (label != null && !label.strip().matches(LABEL_KEY)) {
            throw block.error("version_label", "expected a label key such as app.kubernetes.io/version, found '" + label + "'");
        }
        int resync = block.integer("resync_seconds", DEFAULT_RESYNC_SECONDS, 0, 86_400);
        if (resync > 0 && resync < 30) throw block.error("resync_seconds", "expected 0 (never) or 30 to 86400 seconds, found " + resync);
        return new ReleaseSourceConfig(kind, namespace, deployment, container == null ? null : container.strip(), label == null ? null : label.strip(),
                Duration.ofSeconds(resync), block);
    }
}
