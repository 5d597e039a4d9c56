package dev.rewind.config;

import dev.rewind.model.BadInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * An environment deployed through GitOps ({@code gitops:}): the controller's object that syncs it from Git (an
 * Argo CD Application, a Flux Kustomization or HelmRelease) and the config repository that declares its version.
 * Everything is checked when the config loads; secrets stay as written ({@code ${VAR}}) until used.
 *
 * @param type      argocd or flux
 * @param kind      Application (argocd); Kustomization or HelmRelease (flux)
 * @param kubeconfig null: the deployer's kubeconfig when it is kubernetes, else the usual discovery
 */
public record GitOpsConfig(String type, String kind, String namespace, String name, String kubeconfig, String context,
                           Duration convergeTimeout, Duration pollEvery, Git git, String file, int line, String path) {

    public GitOpsConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(git, "git");
    }

    /**
     * The config repository.
     *
     * @param url         a path to a repository on disk, or file://, git://, http:// or https://; never with credentials in it
     * @param path        the file that names the version, relative to the repository's root
     * @param format      kustomize (images[name].newTag), helm (a dotted values key), manifest (a container's image)
     * @param image       kustomize: the images entry's name
     * @param key         helm: the dotted key (image.tag)
     * @param container   manifest: the container's name
     * @param username    HTTP(S) user, or null
     * @param password    HTTP(S) password or token, from ${VAR}, or null
     * @param pullRequest null: push to {@code branch}; else push to a branch of its own and open a pull request into it
     */
    public record Git(String url, String branch, String path, String format, String image, String key, String container,
                      Secret username, Secret password, String authorName, String authorEmail, Duration timeout,
                      PullRequest pullRequest, int line) {
    }

    /** GitHub's pull request API: POST {apiUrl}/repos/{repository}/pulls. */
    public record PullRequest(String apiUrl, String repository, Secret token, int line) {
    }

    /** A setting that may be a secret: kept as written, filled in from the environment only when used. */
    public record Secret(String raw, String file, int line, String field, java.util.function.Function<String, String> env) {
        public Secret {
            env = env == null ? System::getenv : env;
        }

        public String value() {
            String v = new ConfigValues(env).substitute(raw, file, line, field);
            if (v == null || v.isEmpty()) throw new BadInputException(file, line, field, "is empty; expected a value from the environment");
            return v;
        }

        @Override
        public String toString() {
            return field + "=" + raw; // the reference (${VAR}), never the value
        }
    }

    /** "Argo CD Application argocd/shop", "Flux Kustomization flux-system/shop". */
    public String app() {
        return (type.equals("argocd") ? "Argo CD " : "Flux ") + kind + " " + namespace + "/" + name;
    }

    public BadInputException error(String field, String problem) {
        return new BadInputException(file, line, path + (field == null ? "" : "." + field), problem);
    }
}
