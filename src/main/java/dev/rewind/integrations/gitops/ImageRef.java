package dev.rewind.integrations.gitops;

/** Image references and tags: {@code registry:5000/team/shop:v2}, {@code shop@sha256:...}. */
final class ImageRef {
    private ImageRef() {
    }

    /** A version given as a whole reference names its tag; a bare version is the tag. */
    static String tagOf(String version) {
        if (!isReference(version)) return version;
        int at = version.indexOf('@');
        if (at >= 0) return version.substring(at + 1);
        int colon = version.lastIndexOf(':');
        return colon > version.lastIndexOf('/') ? version.substring(colon + 1) : "latest";
    }

    static boolean isReference(String value) {
        return value.contains("/") || value.contains("@") || value.contains(":");
    }

    /** {@code image} with its tag (or digest) replaced; a version that is itself a whole reference replaces the image. */
    static String withTag(String image, String version) {
        if (isReference(version)) return version;
        String repo = image;
        int at = repo.indexOf('@');
        if (at >= 0) repo = repo.substring(0, at);
        int colon = repo.lastIndexOf(':');
        if (colon > repo.lastIndexOf('/')) repo = repo.substring(0, colon);
        return repo + ":" + version;
    }
}
