package dev.crowd.worker.service;

import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.worker.IdentityAction;
import dev.crowd.worker.Sanction;
import dev.crowd.worker.Worker;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Derives an annotator's platform status from their active sanctions (BAN beats SUSPEND beats none)
 * and queues the matching sign-in change when a ban starts or ends. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class StandingService {

    /** What changed when the status was recomputed. */
    public record Change(WorkerStatus before, WorkerStatus after, String reason) {
        public boolean statusChanged() {
            return before != after;
        }
    }

    /** Recomputes {@code worker.status} and {@code statusReason} from the active sanctions. */
    public Uni<Change> recompute(Worker worker) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return ProfileEvents.activeSanctions(worker.id, now).chain(active -> {
            WorkerStatus before = worker.status;
            Optional<Sanction> decisive = decisive(active);
            worker.status = decisive.map(s -> s.action == Sanction.Action.BAN ? WorkerStatus.BANNED : WorkerStatus.SUSPENDED)
                    .orElse(WorkerStatus.ACTIVE);
            worker.statusReason = decisive.map(s -> s.reason).orElse(null);
            worker.updatedAt = now;
            Uni<Void> identity = Uni.createFrom().voidItem();
            if (before != WorkerStatus.BANNED && worker.status == WorkerStatus.BANNED) {
                identity = queueSignIn(worker.id, false);
            } else if (before == WorkerStatus.BANNED && worker.status != WorkerStatus.BANNED) {
                identity = queueSignIn(worker.id, true);
            }
            return identity.replaceWith(new Change(before, worker.status, worker.statusReason));
        });
    }

    /** The platform-scope sanction that sets the status: a ban first, then the latest suspension. */
    static Optional<Sanction> decisive(List<Sanction> active) {
        return active.stream()
                .filter(s -> s.scope == Sanction.Scope.PLATFORM && s.action != Sanction.Action.FLAG)
                .min((a, b) -> a.action != b.action
                        ? (a.action == Sanction.Action.BAN ? -1 : 1)
                        : b.createdAt.compareTo(a.createdAt));
    }

    private Uni<Void> queueSignIn(String workerId, boolean enable) {
        IdentityAction action = new IdentityAction();
        action.workerId = workerId;
        action.enable = enable;
        return action.persist().replaceWithVoid();
    }
}
