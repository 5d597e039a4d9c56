package dev.rewind.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.model.LogLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 001's logs.slice(0, 100), keeping the errors when there are more lines than that. */
class PostMortemExcerptTest {
    private static final Instant T0 = Instant.parse("2026-02-24T10:00:00Z");

    @Test
    void aLongLogKeepsEveryErrorAndFillsUpWithTheRestInTimeOrder() {
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean error = i % 50 == 7;
            lines.add(new LogLine(T0.plusSeconds(i), "app", error ? "error" : "info", error ? "checkout failed: NullPointerException" : "GET /health 200"));
        }

        List<LogLine> excerpt = PostMortem.excerpt(lines);

        assertThat(excerpt).hasSize(PostMortem.MAX_LOG_LINES);
        assertThat(excerpt).filteredOn(l -> l.level().equals("error")).hasSize(6);
        assertThat(excerpt).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
    }

    @Test
    void aLineIsOneBoundedLineWhateverTheLogHeld() {
        LogLine l = new LogLine(T0, "app", "error", "first\nsecond\u001b[31m" + "x".repeat(2000));

        assertThat(l.text()).doesNotContain("\n", "\u001b").hasSize(LogLine.MAX_TEXT + 1);
        assertThat(PostMortemWriter.section(new PostMortem("a/b/1", T0, List.of(), null, java.util.Map.of(), List.of(),
                List.of(new LogLine(T0, "app", "", "```rm -rf```")), java.util.Map.of(), null))).doesNotContain("```rm").contains("'''rm -rf'''");
    }
}
