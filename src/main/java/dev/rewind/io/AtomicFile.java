package dev.rewind.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file whole or not at all: the text goes to a temporary file in the same folder, then a rename
 * replaces the old one, so a reader (flagd, an operator, a crash) sees the old file or the new one, never half.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    public static Path write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes bytes whole or not at all, with the given permissions and owner set on the new file before it
     * replaces the old one, so that no reader ever sees it with the temporary file's owner-only mode.
     *
     * @param owner the owner to give it, or null to keep the writer's (changing it needs the privilege to)
     */
    public static Path write(Path file, byte[] content, java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions,
                             java.nio.file.attribute.UserPrincipal owner, java.nio.file.attribute.GroupPrincipal group) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            if (owner != null && !owner.equals(Files.getOwner(tmp))) Files.setOwner(tmp, owner);
            var view = Files.getFileAttributeView(tmp, java.nio.file.attribute.PosixFileAttributeView.class);
            if (group != null && !group.equals(view.readAttributes().group())) view.setGroup(group);
            Files.setPosixFilePermissions(tmp, permissions);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
