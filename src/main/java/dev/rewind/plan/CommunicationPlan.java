package dev.rewind.plan;

import java.time.Duration;
import java.util.List;

/** Seed 004's level 4 "communication plan": who is told, how, and how often during a rollback. */
public record CommunicationPlan(List<String> channels, List<String> stakeholders, Duration updateEvery, String customerMessage) {
    public CommunicationPlan {
        channels = List.copyOf(channels);
        stakeholders = List.copyOf(stakeholders);
    }
}
