package dev.rewind.act;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A revert that landed in Git.
 *
 * @param commit      the revision the controller should converge on (the new commit, or the head when nothing changed)
 * @param branch      the branch pushed to
 * @param file        the file changed, relative to the repository
 * @param changed     false when the file already said the target version
 * @param before      the value in the file before ("registry/shop:v2", "v2")
 * @param after       the value written
 * @param pullRequest the pull request's URL when the revert waits for a merge, else null: the controller's branch has it
 */
public record GitRevert(String commit, String branch, String file, boolean changed, String before, String after, String pullRequest) {
    public GitRevert {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(branch, "branch");
    }

    /** The revert is on a branch of its own, waiting in a pull request: the controller's branch still says the bad version. */
    public boolean awaitsMerge() {
        return pullRequest != null;
    }

    /** Back from {@link #data()}, as the journal keeps it (a resumed rollback reads its revert there). */
    public static GitRevert from(Map<String, Object> d) {
        java.util.function.Function<String, String> text = k -> d.get(k) == null ? null : d.get(k).toString();
        return new GitRevert(text.apply("commit"), text.apply("branch"), text.apply("file"), Boolean.TRUE.equals(d.get("changed")),
                text.apply("before"), text.apply("after"), text.apply("pull_request"));
    }

    public Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("commit", commit);
        d.put("branch", branch);
        if (file != null) d.put("file", file);
        d.put("changed", changed);
        if (before != null) d.put("before", before);
        if (after != null) d.put("after", after);
        if (pullRequest != null) d.put("pull_request", pullRequest);
        return d;
    }
}
