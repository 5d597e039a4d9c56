package dev.rewind.integrations.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One value changes, and every other character of the file stays as the team wrote it. */
class VersionFileTest {
    private static final String KUSTOMIZATION = """
            # production overlay: owned by the shop team
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../../base   # the shared base
            images:
              - name: registry.example.com/cart
                newTag: "7.1"
              - name: registry.example.com/shop   # the storefront
                newTag: v2.4.0    # bumped by CI
            """;

    @Test
    void kustomizeChangesOnlyTheNamedImagesNewTagAndKeepsCommentsAndTheOtherEntries() {
        VersionFile.Edit edit = new VersionFile.KustomizeImage("registry.example.com/shop").edit(KUSTOMIZATION, "kustomization.yaml", "v2.3.1");

        assertThat(edit.changed()).isTrue();
        assertThat(edit.before()).isEqualTo("v2.4.0");
        assertThat(edit.after()).isEqualTo("v2.3.1");
        assertThat(edit.line()).isEqualTo(10);
        assertThat(edit.text()).isEqualTo(KUSTOMIZATION.replace("newTag: v2.4.0    # bumped by CI", "newTag: v2.3.1    # bumped by CI"));
    }

    @Test
    void aTagThatYamlWouldReadAsANumberIsQuotedAndAQuotedTagKeepsItsQuotes() {
        String plain = new VersionFile.KustomizeImage("registry.example.com/shop").edit(KUSTOMIZATION, "k.yaml", "1.10").text();
        String quoted = new VersionFile.KustomizeImage("registry.example.com/cart").edit(KUSTOMIZATION, "k.yaml", "7.0").text();

        assertThat(plain).contains("newTag: \"1.10\"    # bumped by CI");
        assertThat(quoted).contains("newTag: \"7.0\"\n").contains("newTag: v2.4.0");
        String single = new VersionFile.HelmValue("tag").edit("tag: 'v2'  # pinned\n", "values.yaml", "v1+b.7").text();
        assertThat(single).isEqualTo("tag: 'v1+b.7'  # pinned\n");
    }

    @Test
    void aVersionGivenAsAWholeImageReferenceIsRefusedNeverCommittedAsTheImage() {
        // A6: a version is a tag; the repository comes from the file in Git, so "alpine:3.19" must not become the image
        for (String ref : List.of("registry.example.com/shop:v2.3.1", "alpine:3.19", "shop@sha256:abc")) {
            assertThatThrownBy(() -> new VersionFile.KustomizeImage("registry.example.com/shop").edit(KUSTOMIZATION, "k.yaml", ref))
                    .as(ref).isInstanceOf(BadInputException.class).hasMessageContaining("no ':' '/' '@'");
            assertThatThrownBy(() -> new VersionFile.ManifestImage("shop").edit("spec:\n  containers:\n    - name: shop\n      image: registry.example.com/shop:v2\n",
                    "m.yaml", ref)).as(ref).isInstanceOf(BadInputException.class);
            assertThatThrownBy(() -> new VersionFile.HelmValue("image").edit("image: \"registry:5000/shop:v2\"\n", "values.yaml", ref))
                    .as(ref).isInstanceOf(BadInputException.class);
        }
    }

    @Test
    void helmValuesAtADottedPathAreFoundAndOnlyThatValueChanges() {
        String values = """
                replicaCount: 3
                image:
                  repository: registry.example.com/shop
                  tag: v2.4.0 # set by the release pipeline
                  pullPolicy: IfNotPresent
                sidecar:
                  image:
                    tag: v9
                """;

        VersionFile.Edit edit = new VersionFile.HelmValue("image.tag").edit(values, "values.yaml", "v2.3.1");

        assertThat(edit.text()).isEqualTo(values.replace("tag: v2.4.0 #", "tag: v2.3.1 #"));
        assertThat(new VersionFile.HelmValue("sidecar.image.tag").edit(values, "values.yaml", "v8").text())
                .contains("tag: v2.4.0 #").contains("    tag: v8\n");
    }

    @Test
    void aHelmValueHoldingAWholeImageReferenceGetsItsTagReplaced() {
        VersionFile.Edit edit = new VersionFile.HelmValue("shop.image").edit("shop:\n  image: \"registry:5000/shop:v2\"\n", "values.yaml", "v1");

        assertThat(edit.text()).isEqualTo("shop:\n  image: \"registry:5000/shop:v1\"\n");
    }

    @Test
    void aPlainManifestsContainerImageIsFoundAcrossDocumentsByContainerName() {
        String manifest = """
                apiVersion: v1
                kind: Service
                metadata: {name: shop}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: shop
                spec:
                  template:
                    spec:
                      containers:
                        - name: envoy
                          image: envoyproxy/envoy:v1.30.1
                        - name: shop
                          image: registry.example.com/shop:v2.4.0   # release 2.4.0
                """;

        VersionFile.Edit edit = new VersionFile.ManifestImage("shop").edit(manifest, "deploy.yaml", "v2.3.1");

        assertThat(edit.before()).isEqualTo("registry.example.com/shop:v2.4.0");
        assertThat(edit.text()).isEqualTo(manifest.replace("shop:v2.4.0   #", "shop:v2.3.1   #"));
    }

    @Test
    void positionsAreRightAfterCharactersOutsideTheBasicPlaneAndWithWindowsLineEnds() {
        String text = "# 🚀 release notes: ✓\r\nimage:\r\n  tag: v2 # 🚀\r\n";

        String edited = new VersionFile.HelmValue("image.tag").edit(text, "values.yaml", "v1").text();

        assertThat(edited).isEqualTo("# 🚀 release notes: ✓\r\nimage:\r\n  tag: v1 # 🚀\r\n");
    }

    @Test
    void aFileThatAlreadySaysTheVersionIsLeftUnchanged() {
        VersionFile.Edit edit = new VersionFile.KustomizeImage("registry.example.com/shop").edit(KUSTOMIZATION, "k.yaml", "v2.4.0");

        assertThat(edit.changed()).isFalse();
        assertThat(edit.text()).isSameAs(KUSTOMIZATION);
    }

    @Test
    void whatCannotBeFoundIsNamedWithWhatIsThere() {
        assertThatThrownBy(() -> new VersionFile.KustomizeImage("registry.example.com/api").edit(KUSTOMIZATION, "k.yaml", "v1"))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("no images entry named registry.example.com/api")
                .hasMessageContaining("registry.example.com/shop");
        assertThatThrownBy(() -> new VersionFile.HelmValue("image.tag").edit("image: {repository: shop}\n", "values.yaml", "v1"))
                .hasMessageContaining("has no image.tag");
        assertThatThrownBy(() -> new VersionFile.HelmValue("image").edit("image: {tag: v2}\n", "values.yaml", "v1"))
                .hasMessageContaining("not a single value but a map");
        assertThatThrownBy(() -> new VersionFile.ManifestImage("shop").edit("kind: ConfigMap\n", "cm.yaml", "v1"))
                .hasMessageContaining("0 containers named shop");
        assertThatThrownBy(() -> new VersionFile.HelmValue("tag").edit("tag: [unclosed\n", "values.yaml", "v1"))
                .hasMessageContaining("values.yaml is not valid YAML");
        assertThatThrownBy(() -> new VersionFile.HelmValue("tag").edit("tag: |\n  v2\n", "values.yaml", "v1"))
                .hasMessageContaining("block scalar");
    }
}
