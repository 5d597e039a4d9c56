package dev.rewind.integrations.gitops;

import dev.rewind.model.VersionName;

/**
 * Image references and tags: {@code registry:5000/team/shop:v2}, {@code shop@sha256:...}. A version is only ever a
 * tag ({@link VersionName}): the repository comes from the file in Git, never from the version, so a rollback
 * target such as {@code alpine:3.19} is refused rather than committed as the image.
 */
final class ImageRef {
    private ImageRef() {
    }

    /** The tag a version stands for: the version itself, once it is checked to be a tag. */
    static String tagOf(String version) {
        return VersionName.require(version, "rollback target", 0, "version");
    }

    static boolean isReference(String value) {
        return value.contains("/") || value.contains("@") || value.contains(":");
    }

    /** {@code image} with its tag (or digest) replaced by the version's tag. */
    static String withTag(String image, String version) {
        String tag = tagOf(version);
        String repo = image;
        int at = repo.indexOf('@');
        if (at >= 0) repo = repo.substring(0, at);
        int colon = repo.lastIndexOf(':');
        if (colon > repo.lastIndexOf('/')) repo = repo.substring(0, colon);
        return repo + ":" + tag;
    }
}
