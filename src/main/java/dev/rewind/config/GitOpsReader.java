package dev.rewind.config;

import dev.rewind.config.ConfigNode.MapNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code gitops:} block of an environment; every problem names its file, line and field. */
final class GitOpsReader {
    private static final Set<String> KEYS = Set.of("type", "kind", "namespace", "name", "kubeconfig", "context",
            "converge_timeout_seconds", "poll_seconds", "git");
    private static final Set<String> GIT_KEYS = Set.of("url", "branch", "path", "format", "image", "key", "container",
            "username", "password", "author", "timeout_seconds", "pull_request");
    private static final Set<String> PR_KEYS = Set.of("api_url", "repository", "token");
    private static final Map<String, List<String>> KINDS = Map.of("argocd", List.of("Application"), "flux", List.of("Kustomization", "HelmRelease"));
    private static final Map<String, String> NAMESPACES = Map.of("argocd", "argocd", "flux", "flux-system");
    private static final List<String> FORMATS = List.of("kustomize", "helm", "manifest");
    private static final Pattern VAR_ONLY = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
    private static final Pattern AUTHOR = Pattern.compile("\\s*([^<>]+?)\\s*<([^<>\\s]+)>\\s*");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    private final ConfigValues values;

    GitOpsReader(ConfigValues values) {
        this.values = values;
    }

    GitOpsConfig read(MapNode m, String service) {
        m.allowOnly(KEYS);
        if (!m.has("type")) throw m.error("a gitops block needs a 'type': argocd or flux");
        String type = values.string(m.get("type"));
        if (!KINDS.containsKey(type)) throw m.get("type").error("expected argocd or flux, found '" + type + "'");
        List<String> kinds = KINDS.get(type);
        String kind = m.has("kind") ? values.string(m.get("kind")) : kinds.getFirst();
        if (!kinds.contains(kind)) throw m.get("kind").error("a " + type + " app is one of " + kinds + ", found '" + kind + "'");
        if (!m.has("git")) throw m.error("a gitops block needs a 'git:' block: the repository " + type + " syncs from, where Rewind commits the revert");
        return new GitOpsConfig(type, kind,
                m.has("namespace") ? values.string(m.get("namespace")) : NAMESPACES.get(type),
                m.has("name") ? values.string(m.get("name")) : service,
                m.has("kubeconfig") ? values.string(m.get("kubeconfig")) : null,
                m.has("context") ? values.string(m.get("context")) : null,
                m.has("converge_timeout_seconds") ? values.seconds(m.get("converge_timeout_seconds"), ConfigBounds.CONVERGE_TIMEOUT_SECONDS) : Duration.ofMinutes(5),
                m.has("poll_seconds") ? values.seconds(m.get("poll_seconds"), ConfigBounds.POLL_SECONDS) : Duration.ofSeconds(5),
                git(values.map(m.get("git")), service), m.file(), m.line(), m.path());
    }

    private GitOpsConfig.Git git(MapNode g, String service) {
        g.allowOnly(GIT_KEYS);
        for (String required : List.of("url", "path", "format")) {
            if (!g.has(required)) throw g.error("a git block needs '" + required + "'" + switch (required) {
                case "url" -> ": the config repository (a path, file://, git://, http:// or https://)";
                case "path" -> ": the file that names the version, relative to the repository";
                default -> ": " + String.join(", ", FORMATS);
            });
        }
        String url = url(g.get("url"));
        String path = path(g.get("path"));
        String format = values.string(g.get("format"));
        if (!FORMATS.contains(format)) throw g.get("format").error("expected one of " + FORMATS + ", found '" + format + "'");
        String image = optional(g, "image");
        String key = optional(g, "key");
        String container = optional(g, "container");
        switch (format) {
            case "kustomize" -> { if (image == null) throw g.error("format kustomize needs 'image': the name of the images: entry to change"); }
            case "helm" -> { if (key == null) throw g.error("format helm needs 'key': the dotted values key, such as image.tag"); }
            default -> container = container == null ? service : container;
        }
        GitOpsConfig.Secret username = secret(g, "username", false);
        GitOpsConfig.Secret password = secret(g, "password", true);
        if ((username == null) != (password == null)) {
            throw g.error("give both 'username' and 'password' (for a token: username x-access-token, password: ${GIT_TOKEN}), or neither");
        }
        String[] author = author(g);
        return new GitOpsConfig.Git(url, g.has("branch") ? values.string(g.get("branch")) : "main", path, format, image, key, container,
                username, password, author[0], author[1],
                g.has("timeout_seconds") ? values.seconds(g.get("timeout_seconds"), ConfigBounds.GIT_TIMEOUT_SECONDS) : Duration.ofSeconds(60),
                g.has("pull_request") ? pullRequest(values.map(g.get("pull_request"))) : null, g.line());
    }

    private GitOpsConfig.PullRequest pullRequest(MapNode p) {
        p.allowOnly(PR_KEYS);
        if (!p.has("repository")) throw p.error("a pull_request block needs 'repository': owner/name on GitHub");
        if (!p.has("token")) throw p.error("a pull_request block needs 'token': ${VAR} holding a GitHub token that may open pull requests");
        String repository = values.string(p.get("repository"));
        if (!REPOSITORY.matcher(repository).matches()) throw p.get("repository").error("expected owner/name, found '" + repository + "'");
        String api = p.has("api_url") ? url(p.get("api_url")) : "https://api.github.com";
        return new GitOpsConfig.PullRequest(api.replaceAll("/+$", ""), repository, secret(p, "token", true), p.line());
    }

    /** Credentials never ride in a URL (it is printed, logged and journaled); ssh needs a module this build does not have. */
    private String url(ConfigNode node) {
        String url = values.string(node);
        if (url.startsWith("/")) return url;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw node.error(url.matches("[^/:]+@[^:]+:.*") ? sshRefused() : "expected a URL or an absolute path, found '" + url + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("ssh") || scheme.equals("git+ssh") || uri.getScheme() == null && url.contains("@")) throw node.error(sshRefused());
        if (!Set.of("file", "git", "http", "https").contains(scheme)) {
            throw node.error("expected an absolute path or a file://, git://, http:// or https:// URL, found '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw node.error("the URL holds credentials; put them in username and password (password: ${GIT_TOKEN}), which are never printed");
        }
        if (uri.getRawQuery() != null) throw node.error("the URL has a query string; tokens ride there: use username and password instead");
        return url;
    }

    private static String sshRefused() {
        return "ssh URLs need JGit's SSH module, which this build does not include; use the repository's https:// URL with username and password: ${GIT_TOKEN}";
    }

    /** Relative, inside the repository, and not in its .git folder; checked again on disk after the clone (symbolic links). */
    private String path(ConfigNode node) {
        String raw = values.string(node);
        Path p = Path.of(raw);
        if (p.isAbsolute() || raw.startsWith("/") || raw.startsWith("\\")) throw node.error("expected a path relative to the repository's root, found '" + raw + "'");
        for (Path part : p) {
            if (part.toString().equals("..")) throw node.error("the path leaves the repository ('..'); expected a file inside it, found '" + raw + "'");
        }
        if (p.normalize().toString().isEmpty() || p.normalize().getName(0).toString().equals(".git")) {
            throw node.error("expected a file of the repository, found '" + raw + "'");
        }
        return p.normalize().toString().replace('\\', '/');
    }

    private String optional(MapNode m, String key) {
        return m.has(key) ? values.string(m.get(key)) : null;
    }

    /** A password or token must come from the environment: a config file is read, copied and committed by many. */
    private GitOpsConfig.Secret secret(MapNode m, String key, boolean mustBeVariable) {
        if (!m.has(key)) return null;
        ConfigNode node = m.get(key);
        if (!(node instanceof ConfigNode.ScalarNode s) || s.value() == null) throw node.error("expected text, found " + node.kind());
        String raw = s.value().toString();
        if (mustBeVariable && !VAR_ONLY.matcher(raw.strip()).matches()) {
            throw node.error("a secret must come from the environment: write " + key + ": ${SOME_VARIABLE}, and set that variable where Rewind runs");
        }
        return new GitOpsConfig.Secret(raw.strip(), s.file(), s.line(), s.path(), values.env());
    }

    private String[] author(MapNode g) {
        if (!g.has("author")) return new String[] {"Rewind", "rewind@localhost"};
        String raw = values.string(g.get("author"));
        var m = AUTHOR.matcher(raw);
        if (!m.matches()) throw g.get("author").error("expected 'Name <email>', found '" + raw + "'");
        return new String[] {m.group(1), m.group(2)};
    }
}
