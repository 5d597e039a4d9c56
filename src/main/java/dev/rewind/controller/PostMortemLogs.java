package dev.rewind.controller;

import dev.rewind.model.LogLine;
import dev.rewind.store.JournalEntry;
import java.util.ArrayList;
import java.util.List;

/** The journal of a rollback as log lines for its post-mortem: one per row, saying what happened and to what. */
final class PostMortemLogs {
    private PostMortemLogs() {
    }

    static List<LogLine> fromJournal(List<JournalEntry> entries) {
        List<LogLine> out = new ArrayList<>();
        for (JournalEntry e : entries) {
            StringBuilder text = new StringBuilder(e.action());
            if (e.phase() != null) text.append(" (").append(e.phase()).append(e.stepId() == null ? "" : " / " + e.stepId()).append(')');
            if (e.detail() != null && !e.detail().isBlank()) text.append(": ").append(e.detail());
            Object error = e.data().get("error");
            if (error != null) text.append(" error=").append(error);
            out.add(new LogLine(e.at(), "journal", e.state(), text.toString()));
        }
        return out;
    }
}
