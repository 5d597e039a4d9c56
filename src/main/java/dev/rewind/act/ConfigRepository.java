package dev.rewind.act;

/** The Git repository that declares an environment's version (what Argo CD or Flux syncs from). */
public interface ConfigRepository {

    /** Where, without credentials: "https://git.example.com/shop-config.git main:apps/shop/kustomization.yaml". */
    String describe();

    /**
     * Writes {@code to} into the configured file, commits and pushes it, and, when configured, opens a pull
     * request. A file that already says {@code to} is left as it is, and its branch head is the revision.
     */
    GitRevert revert(String service, String from, String to);
}
