package dev.rewind.integrations.gitops;

import dev.rewind.model.ActionFailedException;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Where a config file names the version, and how to write another one there. Three shapes cover how teams pin an
 * image in Git: a kustomization's {@code images:} entry, a Helm values key, and a plain manifest's container image.
 */
sealed interface VersionFile permits VersionFile.KustomizeImage, VersionFile.HelmValue, VersionFile.ManifestImage {

    /** The value that says the version now. */
    YamlValue find(String text, String file);

    /** What to write there for {@code version}. */
    String valueFor(String current, String version);

    /** The setting, for messages: "images[name=registry/shop].newTag". */
    String describe();

    /** The edited text, checked by reading it back: the value now says {@code version}, and the file is still the same YAML otherwise. */
    default Edit edit(String text, String file, String version) {
        YamlValue at = find(text, file);
        String next = valueFor(at.value(), version);
        if (next.equals(at.value())) return new Edit(text, at.value(), next, false, at.line());
        String edited = at.replaceIn(text, next);
        YamlValue check = find(edited, file);
        if (!check.value().equals(next) || YamlValue.documents(edited, file).size() != YamlValue.documents(text, file).size()) {
            throw new ActionFailedException("editing " + describe() + " in " + file + " did not read back as '" + next + "' (found '"
                    + check.value() + "'); the file was not changed");
        }
        return new Edit(edited, at.value(), next, true, at.line());
    }

    /** @param line where the value is, 1-based */
    record Edit(String text, String before, String after, boolean changed, int line) {
    }

    /** kustomize: {@code images: [{name: registry/shop, newTag: v2}]}. */
    record KustomizeImage(String image) implements VersionFile {
        public YamlValue find(String text, String file) {
            Node doc = single(text, file);
            List<Node> images = YamlValue.get(doc, "images").map(YamlValue::items).orElse(List.of());
            if (images.isEmpty()) throw new ActionFailedException(file + " has no images: list; expected a kustomization with an entry named " + image);
            List<String> names = new ArrayList<>();
            for (Node entry : images) {
                String name = YamlValue.get(entry, "name").flatMap(YamlValue::text).orElse(null);
                names.add(name);
                if (!image.equals(name)) continue;
                Node tag = YamlValue.get(entry, "newTag").orElseThrow(() -> new ActionFailedException(file + ": the images entry for " + image
                        + " (line " + YamlValue.line(entry) + ") has no newTag; add newTag: <the current tag> once, then Rewind can change it"));
                return YamlValue.of(tag, text, file + ": " + describe());
            }
            throw new ActionFailedException(file + " has no images entry named " + image + "; it has " + names);
        }

        public String valueFor(String current, String version) {
            return ImageRef.tagOf(version);
        }

        public String describe() {
            return "images[name=" + image + "].newTag";
        }
    }

    /** Helm values at a dotted path ({@code image.tag}); a value that is a whole image reference gets its tag replaced. */
    record HelmValue(String key) implements VersionFile {
        public YamlValue find(String text, String file) {
            Node node = single(text, file);
            String path = "";
            for (String part : key.split("\\.")) {
                path = path.isEmpty() ? part : path + "." + part;
                String at = path;
                node = YamlValue.get(node, part).orElseThrow(() -> new ActionFailedException(file + " has no " + at + " (looking for " + key + ")"));
            }
            return YamlValue.of(node, text, file + ": " + key);
        }

        public String valueFor(String current, String version) {
            return ImageRef.isReference(current) ? ImageRef.withTag(current, version) : ImageRef.tagOf(version);
        }

        public String describe() {
            return key;
        }
    }

    /** A plain manifest (one or more documents): the image of the container with this name, wherever its pod template is. */
    record ManifestImage(String container) implements VersionFile {
        public YamlValue find(String text, String file) {
            List<Node> images = new ArrayList<>();
            for (Node doc : YamlValue.documents(text, file)) collect(doc, images);
            if (images.size() != 1) {
                throw new ActionFailedException(file + " has " + images.size() + " containers named " + container + " with an image; expected exactly one"
                        + (images.isEmpty() ? "" : " (lines " + images.stream().map(YamlValue::line).toList() + ")"));
            }
            return YamlValue.of(images.getFirst(), text, file + ": " + describe());
        }

        private void collect(Node node, List<Node> images) {
            if (node instanceof org.snakeyaml.engine.v2.nodes.MappingNode map) {
                for (var t : map.getValue()) {
                    boolean containers = t.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode k
                            && (k.getValue().equals("containers") || k.getValue().equals("initContainers"));
                    if (containers) {
                        for (Node c : YamlValue.items(t.getValueNode())) {
                            if (YamlValue.get(c, "name").flatMap(YamlValue::text).filter(container::equals).isPresent()) {
                                YamlValue.get(c, "image").ifPresent(images::add);
                            }
                        }
                    } else {
                        collect(t.getValueNode(), images);
                    }
                }
            } else {
                YamlValue.items(node).forEach(n -> collect(n, images));
            }
        }

        public String valueFor(String current, String version) {
            return ImageRef.withTag(current, version);
        }

        public String describe() {
            return "containers[name=" + container + "].image";
        }
    }

    private static Node single(String text, String file) {
        List<Node> docs = YamlValue.documents(text, file);
        if (docs.size() != 1) throw new ActionFailedException(file + " holds " + docs.size() + " YAML documents; expected one");
        return docs.getFirst();
    }
}
