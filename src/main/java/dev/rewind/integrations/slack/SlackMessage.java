package dev.rewind.integrations.slack;

import dev.rewind.model.Severity;
import dev.rewind.report.notify.Notification;
import dev.rewind.report.notify.Template;
import dev.rewind.report.notify.Text;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Slack template: Block Kit in an attachment (the attachment carries the severity's colour bar): a header
 * with the severity's emoji, a section with the body and the rollback's fields, the links, and a context line.
 * Sizes stay inside Slack's limits (header 150, section text 3000, field 2000 characters, 10 fields).
 */
public final class SlackMessage implements Template<String> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String render(Notification n) {
        String title = emoji(n.severity()) + " " + Text.oneLine(n.title());
        ObjectNode root = JSON.createObjectNode();
        root.put("text", Text.truncate(title, 300)); // what phones and screen readers show
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("color", colour(n.severity()));
        ArrayNode blocks = attachment.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", Text.truncate(title, 150)).put("emoji", true);

        ObjectNode section = blocks.addObject().put("type", "section");
        if (n.body() != null && !n.body().isBlank()) section.putObject("text").put("type", "mrkdwn").put("text", Text.truncate(escape(n.body()), 3000));
        ArrayNode fields = section.putArray("fields");
        for (String[] f : fields(n)) {
            if (fields.size() == 10) break;
            fields.addObject().put("type", "mrkdwn").put("text", Text.truncate("*" + f[0] + "*\n" + escape(f[1]), 2000));
        }

        if (!n.links().isEmpty()) {
            List<String> links = new ArrayList<>();
            n.links().forEach((name, url) -> links.add("<" + safeUrl(url) + "|" + escape(Text.oneLine(name)) + ">"));
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", Text.truncate(String.join("  ·  ", links), 3000));
        }

        String when = n.at() == null ? "" : " · " + n.at().truncatedTo(ChronoUnit.SECONDS);
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", Text.truncate("Rewind · " + n.event().label() + when, 3000));
        return JSON.writeValueAsString(root);
    }

    private static List<String[]> fields(Notification n) {
        List<String[]> out = new ArrayList<>();
        if (n.rollbackId() != null) out.add(new String[] {"Rollback", n.rollbackId()});
        if (n.service() != null) out.add(new String[] {"Service", n.service() + (n.environment() == null ? "" : " (" + n.environment() + ")")});
        if (n.versions() != null) out.add(new String[] {"From → to", n.versions()});
        if (n.trigger() != null) out.add(new String[] {"Trigger", n.trigger()});
        out.add(new String[] {"Severity", n.severity().label()});
        return out;
    }

    static String emoji(Severity s) {
        return switch (s) {
            case CRITICAL -> ":rotating_light:";
            case HIGH -> ":warning:";
            case MEDIUM -> ":large_yellow_circle:";
            case LOW -> ":white_check_mark:";
        };
    }

    static String colour(Severity s) {
        return switch (s) {
            case CRITICAL -> "#D50200";
            case HIGH -> "#E8700A";
            case MEDIUM -> "#F2C744";
            case LOW -> "#2EB67D";
        };
    }

    /** Slack's mrkdwn: &, < and > are control characters; text from an alert must not become a link or a mention. */
    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String safeUrl(String url) {
        return url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C").replace(" ", "%20");
    }
}
