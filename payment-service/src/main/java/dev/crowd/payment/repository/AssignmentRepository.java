package dev.crowd.payment.repository;

import dev.crowd.payment.settlement.AssignmentOwner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.crowd.payment.repository.LedgerRepository.rows;
import static dev.crowd.payment.repository.LedgerRepository.update;

/** {@code reviewed_assignment}: whose each reviewed assignment is. Runs in the caller's transaction. */
@ApplicationScoped
public class AssignmentRepository {

    /** The stored owners of these assignments (absent: never reviewed). A join on VALUES uses the key. */
    public Uni<Map<UUID, AssignmentOwner>> find(Collection<UUID> assignmentIds) {
        if (assignmentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        StringBuilder sql = new StringBuilder(
                "select r.assignment_id, r.job_id, r.worker_id from reviewed_assignment r join (values ");
        List<Object> params = new ArrayList<>();
        for (UUID id : assignmentIds) {
            sql.append(params.isEmpty() ? "" : ", ").append("(cast(?").append(params.size() + 1).append(" as uuid))");
            params.add(id);
        }
        sql.append(") as v(id) on r.assignment_id = v.id");
        return rows(sql.toString(), params).map(rows -> {
            Map<UUID, AssignmentOwner> owners = new HashMap<>();
            for (Object[] row : rows) {
                UUID id = Rows.asUuid(row[0]);
                owners.put(id, new AssignmentOwner(id, Rows.asUuid(row[1]), Rows.asString(row[2])));
            }
            return owners;
        });
    }

    /** Stores owners not stored yet (a concurrent twin stored the same: the first stays). */
    public Uni<Void> record(Collection<AssignmentOwner> owners) {
        if (owners.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("insert into reviewed_assignment (assignment_id, job_id, worker_id) values ");
        List<Object> params = new ArrayList<>();
        for (AssignmentOwner owner : owners) {
            int p = params.size();
            sql.append(p == 0 ? "" : ", ").append("(cast(?").append(p + 1).append(" as uuid), cast(?").append(p + 2)
                    .append(" as uuid), cast(?").append(p + 3).append(" as text))");
            params.add(owner.assignmentId());
            params.add(owner.jobId());
            params.add(owner.workerId());
        }
        sql.append(" on conflict (assignment_id) do nothing");
        return update(sql.toString(), params).replaceWithVoid();
    }
}
