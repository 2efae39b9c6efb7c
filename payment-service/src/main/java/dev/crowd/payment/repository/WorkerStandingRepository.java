package dev.crowd.payment.repository;

import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import static dev.crowd.payment.repository.LedgerRepository.rows;
import static dev.crowd.payment.repository.LedgerRepository.update;

/** The projection of annotators' standing ({@code worker_standing}), fed by WorkerProfileChanged. */
@ApplicationScoped
public class WorkerStandingRepository {

    /** An annotator's standing and why (null reason when none was given). */
    public record Standing(WorkerStatus status, String reason) {

        public static final Standing ACTIVE = new Standing(WorkerStatus.ACTIVE, null);
    }

    /**
     * Stores the annotator's standing unless a later change is stored already (events of one annotator
     * share a key, so they arrive in order; a replayed older one must still not undo a newer one).
     */
    public Uni<Void> record(WorkerProfileChanged changed) {
        return update("""
                insert into worker_standing (worker_id, status, reason, changed_at, event_id)
                values (?1, ?2, ?3, ?4, ?5)
                on conflict (worker_id) do update set status = excluded.status, reason = excluded.reason,
                  changed_at = excluded.changed_at, event_id = excluded.event_id
                where worker_standing.changed_at <= excluded.changed_at""",
                List.of(changed.workerId(), changed.status().name(), changed.reason() == null ? "" : changed.reason(),
                        Rows.utc(changed.occurredAt()), changed.eventId()))
                .replaceWithVoid();
    }

    /** The annotator's standing; ACTIVE when worker-service never announced another. */
    public Uni<Standing> find(String workerId) {
        return rows("select status, reason from worker_standing where worker_id = ?1", List.of(workerId))
                .map(rows -> rows.isEmpty() ? Standing.ACTIVE : new Standing(
                        WorkerStatus.valueOf(Rows.asString(rows.getFirst()[0])),
                        blankToNull(Rows.asString(rows.getFirst()[1]))));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
