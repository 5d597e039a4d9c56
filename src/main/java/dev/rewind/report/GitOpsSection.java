package dev.rewind.report;

import dev.rewind.model.ActionLogEntry;
import dev.rewind.model.RollbackResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report's GitOps section, read from the journal's GitOps steps: was the controller paused, did the revert land
 * in Git, was the sync resumed and did it converge. A controller left paused is said loudly, with the command that
 * resumes it: while paused it applies nothing from Git, not even the fix.
 */
final class GitOpsSection {
    static final String PAUSED = "GITOPS_SYNC_PAUSED";
    static final String REVERTED = "GITOPS_REVERTED_IN_GIT";
    static final String RESUMED = "GITOPS_SYNC_RESUMED";
    static final String CONVERGED = "GITOPS_CONVERGED";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GitOpsSection() {
    }

    /** Whether the rollback left a GitOps controller paused (it paused one, and did not resume it). */
    static boolean leftPaused(RollbackResult r) {
        return succeeded(last(r, PAUSED)) && !succeeded(last(r, RESUMED));
    }

    static void append(StringBuilder md, RollbackResult r) {
        Optional<ActionLogEntry> paused = last(r, PAUSED);
        if (paused.isEmpty()) return;
        Optional<ActionLogEntry> reverted = last(r, REVERTED);
        Optional<ActionLogEntry> resumed = last(r, RESUMED);
        Optional<ActionLogEntry> converged = last(r, CONVERGED);
        String app = text(paused.get(), "app", "the GitOps app");
        md.append("## GitOps\n");
        bullet(md, "App", app);
        ActionLogEntry firstPause = r.actionsLog().stream().filter(e -> PAUSED.equals(e.action()) && "success".equals(e.status()))
                .findFirst().orElse(paused.get());
        bullet(md, "Sync paused", succeeded(paused) ? "yes, at " + at(firstPause) + pausedWhat(paused.get())
                : "no: " + detail(paused.get()) + " (nothing in the cluster was changed after this)");
        bullet(md, "Revert in Git", reverted.map(GitOpsSection::revertText).orElse("not reached"));
        bullet(md, "Sync resumed", resumed.map(e -> succeeded(resumed) ? "yes, at " + at(e) + " (" + text(e, "restored", "restored") + ")"
                : e.status() + ": " + detail(e)).orElse("not reached"));
        bullet(md, "Convergence", converged.map(e -> e.status() + ": " + detail(e)).orElse("not reached"));
        if (leftPaused(r)) {
            md.append("\n**").append(app).append(" stays paused.** It applies nothing from Git while paused, not even a fix. ")
                    .append("Once Git says the version that should run (").append(gitState(reverted)).append("), resume it:\n\n")
                    .append("```\n").append(resumeCommand(app, paused.get())).append("\n```\n");
        } else if (succeeded(paused)) {
            md.append("\nThe sync runs again from Git, which says the rolled-back version: the controller will not re-apply the bad one.\n");
        }
        md.append('\n');
    }

    private static String pausedWhat(ActionLogEntry e) {
        Map<String, Object> d = e.details();
        String kept = d.containsKey("automated") ? "automated sync was " + json(d.get("automated"))
                : d.containsKey("suspend_before") ? "suspend was " + d.get("suspend_before") : "";
        boolean again = Boolean.TRUE.equals(d.get("already_paused_by_rewind"));
        return kept.isEmpty() ? "" : " (" + kept + "; kept in the annotation " + text(e, "annotation", "") + (again ? ", saved by an earlier attempt" : "") + ")";
    }

    private static String revertText(ActionLogEntry e) {
        if (!"success".equals(e.status())) return e.status() + ": " + detail(e);
        Map<String, Object> d = e.details();
        String what = Boolean.TRUE.equals(d.get("changed"))
                ? "commit " + d.get("commit") + " to " + d.get("branch") + " (" + d.get("file") + ": " + d.get("before") + " -> " + d.get("after") + ")"
                : d.get("file") + " already said " + d.get("after") + " at " + d.get("commit");
        return what + (d.get("pull_request") == null ? "" : ", pull request " + d.get("pull_request") + " waits for review");
    }

    private static String gitState(Optional<ActionLogEntry> reverted) {
        if (reverted.isEmpty() || !"success".equals(reverted.get().status())) return "the revert did not land: commit it by hand";
        Object pr = reverted.get().details().get("pull_request");
        return pr == null ? "it does now" : "merge " + pr;
    }

    /** The one command that puts back what the pause took away, from the journal's copy of it. */
    static String resumeCommand(String app, ActionLogEntry paused) {
        String[] words = app.split(" ");
        String kind = words.length >= 2 ? words[words.length - 2].toLowerCase(java.util.Locale.ROOT) : "application";
        String[] nsName = words[words.length - 1].split("/", 2);
        String ns = nsName.length == 2 ? nsName[0] : "default";
        String name = nsName[nsName.length - 1];
        String drop = "kubectl -n " + ns + " annotate " + kind + " " + name + " rewind.dev/paused-sync-";
        if (app.startsWith("Argo CD")) {
            Object automated = paused.details().get("automated");
            if (!(automated instanceof Map<?, ?>)) return drop + "    # sync was manual before the rollback: nothing else to restore";
            return "kubectl -n " + ns + " patch " + kind + " " + name + " --type merge -p '{\"spec\":{\"syncPolicy\":{\"automated\":"
                    + json(automated) + "}}}'\n" + drop;
        }
        String before = String.valueOf(paused.details().get("suspend_before"));
        if (before.equals("true")) return drop + "    # it was suspended before the rollback: nothing else to restore";
        return "flux resume " + kind + " " + name + " -n " + ns + "\n" + drop;
    }

    private static Optional<ActionLogEntry> last(RollbackResult r, String action) {
        List<ActionLogEntry> all = r.actionsLog().stream().filter(e -> action.equals(e.action())).toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    private static boolean succeeded(Optional<ActionLogEntry> e) {
        return e.isPresent() && "success".equals(e.get().status());
    }

    private static String at(ActionLogEntry e) {
        Instant t = e.timestamp();
        return t == null ? "n/a" : DiagnosisBuilder.iso(t);
    }

    private static String detail(ActionLogEntry e) {
        return text(e, "detail", e.status());
    }

    private static String text(ActionLogEntry e, String key, String fallback) {
        Object v = e.details().get(key);
        return v == null ? fallback : v.toString();
    }

    private static String json(Object v) {
        return JSON.writeValueAsString(v instanceof Map<?, ?> m ? SecretMask.mask(cast(m)) : v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    private static void bullet(StringBuilder md, String label, String value) {
        md.append("- **").append(label).append("**: ").append(value.replace("|", "\\|").replace("\n", " ")).append('\n');
    }
}
