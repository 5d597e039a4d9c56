package dev.rewind.integrations.github;

import dev.rewind.report.notify.Notification;
import dev.rewind.report.notify.Template;
import dev.rewind.report.notify.Text;
import java.util.List;

/**
 * The GitHub template: a post-mortem issue whose body is the incident report's Markdown, under a short header
 * with the rollback's facts. GitHub limits titles to 256 and bodies to 65536 characters.
 */
public final class IssueTemplate implements Template<IssueTemplate.Issue> {
    static final int MAX_BODY = 65_000;
    private final List<String> labels;

    public IssueTemplate(List<String> labels) {
        this.labels = List.copyOf(labels);
    }

    public record Issue(String title, String body, List<String> labels) {
        public Issue {
            labels = List.copyOf(labels);
        }
    }

    @Override
    public Issue render(Notification n) {
        String title = "Post-mortem: " + (n.service() == null ? "" : n.service() + " ")
                + (n.versions() == null ? "" : n.versions() + " ") + (n.rollbackId() == null ? Text.oneLine(n.title()) : "(" + n.rollbackId() + ")");
        StringBuilder body = new StringBuilder();
        body.append("> Opened by Rewind: ").append(Text.oneLine(n.title())).append("\n>\n");
        line(body, "Rollback", n.rollbackId());
        line(body, "Service", n.service() == null ? null : n.service() + (n.environment() == null ? "" : " (" + n.environment() + ")"));
        line(body, "From → to", n.versions());
        line(body, "Trigger", n.trigger());
        line(body, "Severity", n.severity().label());
        n.links().forEach((name, url) -> body.append("> [").append(Text.oneLine(name).replace("]", ")")).append("](").append(url.replace(")", "%29")).append(")\n"));
        body.append('\n');
        String report = n.report() == null || n.report().isBlank() ? n.body() : n.report();
        body.append(report == null ? "" : report);
        return new Issue(Text.truncate(title.strip(), 256), Text.truncate(body.toString(), MAX_BODY), labels);
    }

    private static void line(StringBuilder b, String name, String value) {
        if (value != null) b.append("> **").append(name).append(":** ").append(Text.oneLine(value)).append("  \n");
    }
}
