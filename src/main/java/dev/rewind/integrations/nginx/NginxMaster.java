package dev.rewind.integrations.nginx;

import dev.rewind.model.ActionFailedException;
import dev.rewind.model.UnreachableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The running nginx master named by a pid file, proven before it is signalled: a pid file is a file
 * anyone with write access to it controls, and {@code kill -HUP -1} signals every process we may signal.
 * So the file must hold one whole number above 1, that process must be running the configured nginx
 * binary and must not be one of its workers, and the signal goes through a root-owned kill binary found
 * at a fixed path with the pid as its own argument: no shell, no PATH.
 */
record NginxMaster(long pid, Path pidFile) {
    /** Linux pids stay below 2^22; ten digits and a line break are more than any real pid file holds. */
    static final int MAX_PID_FILE_BYTES = 16;
    private static final List<Path> KILL = List.of(Path.of("/bin/kill"), Path.of("/usr/bin/kill"));
    private static final long MAX_PID = 4_194_303;

    /**
     * @throws UnreachableException  when the pid file is missing or its process is gone: nginx is not running
     * @throws ActionFailedException when the file or its process is not what an nginx master's would be
     */
    static NginxMaster read(Path pidFile, Path binary) {
        long pid = parse(pidFile, contents(pidFile));
        ProcessHandle process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElseThrow(() -> new UnreachableException(
                "nginx pid file " + pidFile, "no process " + pid + " is running: nginx is not running or the pid file is stale", null));
        Path nginx = real(binary).orElseThrow(() -> refused(pidFile, "the configured nginx binary " + binary + " does not exist"));
        Optional<Path> executable = executable(process);
        if (executable.isEmpty()) {
            throw refused(pidFile, "cannot tell whether process " + pid + " runs " + nginx + ": its executable is not visible to this user"
                    + " (run Rewind as nginx's user, or leave pid_file out to reload with nginx -s reload)");
        }
        if (!executable.get().equals(nginx)) {
            throw refused(pidFile, "process " + pid + " runs " + executable.get() + ", not the configured nginx " + nginx);
        }
        Optional<ProcessHandle> parent = process.parent();
        if (parent.isPresent() && executable(parent.get()).filter(nginx::equals).isPresent()) {
            throw refused(pidFile, "process " + pid + " is an nginx worker (its parent " + parent.get().pid() + " is nginx); expected the master's pid");
        }
        return new NginxMaster(pid, pidFile);
    }

    /** {@code /bin/kill -HUP <pid>}: the command that makes the master reread its config. */
    List<String> reloadCommand() {
        return List.of(trustedKill().toString(), "-HUP", Long.toString(pid));
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static byte[] contents(Path pidFile) {
        try (InputStream in = Files.newInputStream(pidFile)) {
            return in.readNBytes(MAX_PID_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new UnreachableException("nginx pid file " + pidFile, "it does not exist: nginx is not running, or pid_file names another file", e);
        } catch (IOException e) {
            throw new UnreachableException("nginx pid file " + pidFile, "cannot read it: " + e.getMessage(), e);
        }
    }

    /** What the file holds is described, never quoted: pid_file may point at a file that is not a pid file at all. */
    static long parse(Path pidFile, byte[] bytes) {
        if (bytes.length > MAX_PID_FILE_BYTES) throw refused(pidFile, "it holds more than " + MAX_PID_FILE_BYTES + " bytes; expected one pid");
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String digits = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (digits.isEmpty()) throw refused(pidFile, "it is empty; expected the pid of nginx's master");
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw refused(pidFile, "it holds something other than one whole number (digits only, one optional line break)");
        }
        long pid = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (pid <= 1) throw refused(pidFile, "it holds " + pid + "; kill reads 0 as our process group and 1 is init: expected a pid above 1");
        if (pid > MAX_PID) throw refused(pidFile, "it holds a number above " + MAX_PID + ", the largest pid Linux hands out");
        return pid;
    }

    /** What the process runs, as a real path: from its ProcessHandle, else from /proc/PID/exe. */
    private static Optional<Path> executable(ProcessHandle process) {
        Optional<Path> command = process.info().command().flatMap(c -> real(Path.of(c)));
        return command.isPresent() ? command : real(Path.of("/proc", Long.toString(process.pid()), "exe"));
    }

    private static Optional<Path> real(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A kill binary at a fixed path, a regular executable file owned by root that only root can change. */
    static Path trustedKill() {
        for (Path candidate : KILL) {
            try {
                Path kill = candidate.toRealPath();
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(kill);
                if (Files.isRegularFile(kill) && Files.isExecutable(kill) && Files.getOwner(kill).getName().equals("root")
                        && !permissions.contains(PosixFilePermission.GROUP_WRITE) && !permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    return kill;
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not this one; try the next fixed path
            }
        }
        throw new ActionFailedException("cannot signal nginx: none of " + KILL + " is a root-owned executable that only root can change;"
                + " leave pid_file out to reload with nginx -s reload");
    }

    private static ActionFailedException refused(Path pidFile, String problem) {
        return new ActionFailedException("refusing to signal the process in nginx pid file " + pidFile + ": " + problem + "; nothing was signalled");
    }
}
