package dev.crowd.contracts.workers;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

public record WorkerRegistered(
        UUID eventId,
        Instant occurredAt,
        String workerId,
        String displayName,
        Set<String> skills,
        Set<String> languages,
        int trust) implements WorkerEvent {
}
