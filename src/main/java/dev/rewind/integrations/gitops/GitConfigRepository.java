package dev.rewind.integrations.gitops;

import dev.rewind.act.ConfigRepository;
import dev.rewind.act.GitRevert;
import dev.rewind.model.ActionFailedException;
import dev.rewind.model.BadInputException;
import dev.rewind.model.RewindException;
import dev.rewind.model.UnreachableException;
import dev.rewind.time.TimeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;

/**
 * The config repository, through JGit: a fresh clone of the one branch for each revert (in a temporary folder,
 * deleted after), the version written into the configured file, one commit, one push. Credentials come from the
 * login at each use and are masked out of every message; the URL never carries them.
 */
public final class GitConfigRepository implements ConfigRepository {
    private static final DateTimeFormatter BRANCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final String url;
    private final String branch;
    private final String path;
    private final VersionFile file;
    private final GitLogin login;
    private final PersonIdent author;
    private final Duration timeout;
    private final GitHubPullRequests pullRequests;
    private final TimeSource time;

    /** @param pullRequests null: push to {@code branch}; else push to a branch of its own and open a pull request into {@code branch} */
    GitConfigRepository(String url, String branch, String path, VersionFile file, GitLogin login, String authorName, String authorEmail,
                        Duration timeout, GitHubPullRequests pullRequests, TimeSource time) {
        this.url = Objects.requireNonNull(url, "url");
        this.branch = Objects.requireNonNull(branch, "branch");
        this.path = Objects.requireNonNull(path, "path");
        this.file = Objects.requireNonNull(file, "file");
        this.login = login == null ? GitLogin.NONE : login;
        this.author = new PersonIdent(authorName, authorEmail);
        this.timeout = timeout;
        this.pullRequests = pullRequests;
        this.time = time;
    }

    @Override
    public String describe() {
        return url + " " + branch + ":" + path;
    }

    @Override
    public GitRevert revert(String service, String from, String to) {
        GitLogin.Resolved creds = login.resolve();
        Path dir = tempDir();
        try (Git git = clone(dir, creds)) {
            Path target = inside(dir, path);
            String text = Files.readString(target, StandardCharsets.UTF_8);
            VersionFile.Edit edit = file.edit(text, path, to);
            Repository repo = git.getRepository();
            String head = repo.resolve("HEAD").name();
            if (!edit.changed()) return new GitRevert(head, branch, path, false, edit.before(), edit.after(), null);
            Files.writeString(target, edit.text(), StandardCharsets.UTF_8);
            git.add().addFilepattern(path).call();
            RevCommit commit = git.commit().setMessage(message(service, from, to, edit)).setAuthor(author).setCommitter(author)
                    .setSign(false).setNoVerify(true).call();
            String pushTo = pullRequests == null ? branch : rollbackBranch(service, to);
            push(git, pushTo, creds);
            String pr = pullRequests == null ? null
                    : pullRequests.open(pushTo, branch, "Roll back " + service + " to " + to, message(service, from, to, edit));
            return new GitRevert(commit.name(), pushTo, path, true, edit.before(), edit.after(), pr);
        } catch (GitAPIException e) {
            throw translate(e, creds.secrets());
        } catch (IOException e) {
            throw new ActionFailedException("cannot edit " + path + " of " + url + ": " + GitLogin.mask(e.getMessage(), creds.secrets()), e);
        } catch (RewindException e) {
            throw masked(e, creds.secrets());
        } finally {
            delete(dir);
        }
    }

    /** What the doctor reports: the branch's head (a read with these credentials) and whether the server would take a push. */
    public record Access(String head, String push) {
    }

    /**
     * A read (ls-remote of the branch) and a push handshake: the server's receive-pack service is opened with these
     * credentials and its refs are read, which is where a server refuses someone who may not push, and nothing is sent.
     * Branch protection and hooks are only known to a real push.
     */
    public Access checkAccess() {
        GitLogin.Resolved creds = login.resolve();
        Path dir = tempDir();
        try {
            var ls = Git.lsRemoteRepository().setRemote(url).setHeads(true).setTimeout(seconds());
            if (creds.provider() != null) ls.setCredentialsProvider(creds.provider());
            Ref ref = ls.call().stream().filter(r -> r.getName().equals("refs/heads/" + branch)).findFirst()
                    .orElseThrow(() -> new ActionFailedException("branch " + branch + " not found in " + url));
            try (Git scratch = Git.init().setBare(true).setDirectory(dir.toFile()).call();
                 Transport transport = Transport.open(scratch.getRepository(), new URIish(url))) {
                if (creds.provider() != null) transport.setCredentialsProvider(creds.provider());
                transport.setTimeout(seconds());
                try (PushConnection push = transport.openPush()) {
                    push.getRefs();
                } catch (org.eclipse.jgit.errors.TransportException e) {
                    // the read just worked, so the server is there: refusing receive-pack is refusing us a push
                    throw UnreachableException.unauthorized(url, GitLogin.mask("the branch can be read, but the server refused a push "
                            + "(receive-pack): " + causes(e), creds.secrets()));
                }
            }
            return new Access(ref.getObjectId().name(), "the server accepts a push handshake with these credentials (nothing was sent)");
        } catch (GitAPIException e) {
            throw translate(e, creds.secrets());
        } catch (org.eclipse.jgit.errors.TransportException e) {
            throw translate(new org.eclipse.jgit.api.errors.TransportException(e.getMessage(), e), creds.secrets());
        } catch (java.net.URISyntaxException | org.eclipse.jgit.errors.NotSupportedException e) {
            throw new BadInputException("git url", 0, "url", "cannot open " + url + ": " + e.getMessage());
        } catch (RewindException e) {
            throw masked(e, creds.secrets());
        } finally {
            delete(dir);
        }
    }

    private Git clone(Path dir, GitLogin.Resolved creds) throws GitAPIException {
        var clone = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).setBranch(branch)
                .setCloneAllBranches(false).setBranchesToClone(List.of("refs/heads/" + branch)).setTimeout(seconds());
        if (creds.provider() != null) clone.setCredentialsProvider(creds.provider());
        Git git = clone.call();
        try {
            if (git.getRepository().exactRef("refs/remotes/origin/" + branch) == null) {
                git.close();
                throw new ActionFailedException("branch " + branch + " not found in " + url);
            }
        } catch (IOException e) {
            git.close();
            throw new UncheckedIOException(e);
        }
        return git;
    }

    private void push(Git git, String to, GitLogin.Resolved creds) throws GitAPIException {
        var push = git.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/" + to)).setTimeout(seconds());
        if (creds.provider() != null) push.setCredentialsProvider(creds.provider());
        List<String> refused = new ArrayList<>();
        for (PushResult result : push.call()) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                if (update.getStatus() == RemoteRefUpdate.Status.OK || update.getStatus() == RemoteRefUpdate.Status.UP_TO_DATE) continue;
                refused.add(update.getStatus().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")")
                        + (result.getMessages() == null || result.getMessages().isBlank() ? "" : "; the server said: " + result.getMessages().strip()));
            }
        }
        if (!refused.isEmpty()) {
            throw new ActionFailedException(GitLogin.mask("push to " + to + " of " + url + " was rejected: " + String.join("; ", refused), creds.secrets()));
        }
    }

    /** The configured file, resolved inside the clone: no symbolic link, no way out of the repository, nothing in .git. */
    static Path inside(Path root, String relative) throws IOException {
        Path base = root.toRealPath();
        Path target = base.resolve(relative).normalize();
        if (!target.startsWith(base) || target.startsWith(base.resolve(".git"))) {
            throw new BadInputException("gitops", 0, "git.path", "'" + relative + "' is not a file inside the repository");
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ActionFailedException("the repository has no file " + relative + " on its branch");
        }
        if (Files.isSymbolicLink(target) || !target.toRealPath().startsWith(base)) {
            throw new BadInputException("gitops", 0, "git.path", "'" + relative + "' is a symbolic link or lies behind one; Rewind edits only regular files of the repository");
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) throw new ActionFailedException(relative + " is not a regular file");
        return target;
    }

    private String message(String service, String from, String to, VersionFile.Edit edit) {
        return "Roll back " + service + " to " + to + "\n\n"
                + "Rewind rolled " + service + " back from " + from + " to " + to + " in the cluster. This commit makes Git say\n"
                + "the same, so that the GitOps controller does not re-apply " + from + ".\n\n"
                + path + ", " + file.describe() + " (line " + edit.line() + "): " + edit.before() + " -> " + edit.after() + "\n";
    }

    private String rollbackBranch(String service, String to) {
        return "rewind/rollback-" + refSafe(service) + "-" + refSafe(ImageRef.tagOf(to)) + "-" + BRANCH_TIME.format(time.now());
    }

    private static String refSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("\\.{2,}", ".").replaceAll("^[.-]+|[.-]+$", "");
    }

    private RuntimeException translate(GitAPIException e, List<String> secrets) {
        String message = GitLogin.mask(causes(e), secrets);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("not authorized") || lower.contains("authentication") || lower.contains(" 401") || lower.contains(" 403")
                || lower.contains("access denied") || lower.contains("permission denied")) {
            return UnreachableException.unauthorized(url, message);
        }
        if (e instanceof InvalidRemoteException || e instanceof org.eclipse.jgit.api.errors.TransportException) {
            return new UnreachableException(url, message, null);
        }
        return new ActionFailedException("git failed on " + url + ": " + message);
    }

    /** JGit wraps the useful words (connection refused, service not enabled) a level or two down. */
    private static String causes(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !out.toString().contains(c.getMessage())) out.append(": ").append(c.getMessage());
        }
        return out.toString();
    }

    private static RuntimeException masked(RewindException e, List<String> secrets) {
        String m = e.getMessage();
        if (m == null || GitLogin.mask(m, secrets).equals(m)) return e;
        return new ActionFailedException(GitLogin.mask(m, secrets));
    }

    private int seconds() {
        return timeout == null ? 60 : (int) Math.max(1, timeout.toSeconds());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rewind-gitops-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder to clone the config repository into", e);
        }
    }

    private static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a leftover clone in the temp folder holds no secret (credentials are never written to its config)
        }
    }
}
