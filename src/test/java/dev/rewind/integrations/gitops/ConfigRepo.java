package dev.rewind.integrations.gitops;

import dev.rewind.testing.Command;
import dev.rewind.testing.RealServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real bare config repository made with the git command line, as a team's would be: seeded with files on
 * {@code main} by a commit of its own, and read back with git itself, so nothing JGit wrote is checked by JGit alone.
 */
public record ConfigRepo(Path bare) {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** A bare repository {@code name}.git under {@code dir}, with {@code files} (path, content pairs) committed to main. */
    public static ConfigRepo create(Path dir, String name, String... files) throws IOException, InterruptedException {
        RealServers.requireBinary("git", "git");
        Path bare = dir.resolve(name + ".git");
        git(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        Path seed = Files.createDirectories(dir.resolve(name + "-seed"));
        git(seed, "init", "--quiet", "--initial-branch=main");
        for (int i = 0; i < files.length; i += 2) {
            Path f = seed.resolve(files[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, files[i + 1]);
        }
        git(seed, "add", "--all");
        git(seed, "-c", "user.name=Release Pipeline", "-c", "user.email=ci@example.com", "commit", "--quiet", "-m", "Release shop 2.4.0");
        git(seed, "push", "--quiet", bare.toString(), "main");
        return new ConfigRepo(bare);
    }

    public String head(String branch) throws IOException, InterruptedException {
        return git(bare, "rev-parse", "refs/heads/" + branch).strip();
    }

    public String show(String branch, String path) throws IOException, InterruptedException {
        return git(bare, "show", branch + ":" + path);
    }

    /** {@code %an <%ae>|%s} of the branch's last commit. */
    public String lastCommit(String branch) throws IOException, InterruptedException {
        return git(bare, "log", "-1", "--format=%an <%ae>|%s", branch).strip();
    }

    public List<String> branches() throws IOException, InterruptedException {
        return git(bare, "for-each-ref", "--format=%(refname:short)", "refs/heads").lines().toList();
    }

    public int commits(String branch) throws IOException, InterruptedException {
        return Integer.parseInt(git(bare, "rev-list", "--count", branch).strip());
    }

    /** A server-side hook that refuses every push with {@code message}, as a protected branch does. */
    public void refusePushes(String message) throws IOException {
        Path hook = bare.resolve("hooks/pre-receive");
        Files.writeString(hook, "#!/bin/sh\necho \"" + message + "\" >&2\nexit 1\n");
        if (!hook.toFile().setExecutable(true)) throw new IOException("cannot make " + hook + " executable");
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        return Command.succeed(command, LIMIT);
    }
}
