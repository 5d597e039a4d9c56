package dev.rewind.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit chain's head written outside the database (Certificate Transparency's signed tree head, without the
 * signature): after each rollback the newest row's id and hash go to the log, the rollback's result file and an
 * anchor file. A trail cut back to an earlier row still verifies on its own; against an anchor it does not.
 */
public record AuditAnchor(long id, String hash, Instant at) {
    private static final Pattern LINE = Pattern.compile("rewind-audit-anchor id=(\\d+) hash=([0-9a-f]{64})(?: at=(\\S+))?");
    private static final Pattern YAML = Pattern.compile("audit_anchor:\\s*\\{\\s*id:\\s*(\\d+),\\s*hash:\\s*\"?([0-9a-f]{64})\"?");

    public static AuditAnchor of(AuditEntry head) {
        return new AuditAnchor(head.id(), head.hash(), head.at());
    }

    /** The line written to the log and the anchor file. */
    public String line() {
        return "rewind-audit-anchor id=" + id + " hash=" + hash + (at == null ? "" : " at=" + at);
    }

    /** The line appended to rollback_result.yaml (a second top-level key; rollback_result is unchanged). */
    public String yaml() {
        return "audit_anchor: {id: " + id + ", hash: \"" + hash + "\"}\n";
    }

    public void appendTo(Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.writeString(file, line() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    /** Every anchor in a text: anchor-file lines, log lines and rollback_result.yaml's audit_anchor alike. */
    public static List<AuditAnchor> parse(String text) {
        List<AuditAnchor> out = new ArrayList<>();
        Matcher m = LINE.matcher(text);
        while (m.find()) out.add(new AuditAnchor(Long.parseLong(m.group(1)), m.group(2), m.group(3) == null ? null : Instant.parse(m.group(3))));
        Matcher y = YAML.matcher(text);
        while (y.find()) out.add(new AuditAnchor(Long.parseLong(y.group(1)), y.group(2), null));
        return out;
    }
}
