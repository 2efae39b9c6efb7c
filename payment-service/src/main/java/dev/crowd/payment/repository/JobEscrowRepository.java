package dev.crowd.payment.repository;

import dev.crowd.payment.settlement.PaidItem;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.payment.JobEscrow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.crowd.payment.repository.LedgerRepository.rows;
import static dev.crowd.payment.repository.LedgerRepository.update;

/** Jobs as payment-service knows them, the items paid for and who worked on each job. */
@ApplicationScoped
public class JobEscrowRepository {

    private static final String COLUMNS = """
            job_id, requester_id, title, currency, reward_per_judgment, fee_per_judgment, max_judgments, budget,
            status, funded, rewards_paid, fees_paid, released, items_paid, bonuses_paid, bonus_fees_paid,
            late_rewards_paid, late_fees_paid, owed, owed_items, created_at, updated_at""";

    /** One paid (assignment, item). */
    public Uni<JobEscrow> find(UUID jobId, boolean forUpdate) {
        return rows("select " + COLUMNS + " from job_escrow where job_id = ?1" + (forUpdate ? " for update" : ""),
                List.of(jobId)).map(rows -> rows.isEmpty() ? null : map(rows.getFirst()));
    }

    /** The jobs among {@code jobIds} that exist, locked in job id order when {@code forUpdate}. */
    public Uni<Map<UUID, JobEscrow>> findAll(Collection<UUID> jobIds, boolean forUpdate) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from job_escrow where job_id in (");
        List<Object> params = new ArrayList<>(jobIds);
        for (int i = 1; i <= params.size(); i++) {
            sql.append(i > 1 ? ", cast(?" : "cast(?").append(i).append(" as uuid)");
        }
        sql.append(") order by job_id").append(forUpdate ? " for update" : "");
        return rows(sql.toString(), params).map(rows -> {
            Map<UUID, JobEscrow> found = new HashMap<>();
            for (Object[] row : rows) {
                JobEscrow job = map(row);
                found.put(job.jobId(), job);
            }
            return found;
        });
    }

    public Uni<List<JobEscrow>> listByRequester(String requesterId, int offset, int limit) {
        return rows("select " + COLUMNS + " from job_escrow where requester_id = ?1 order by created_at desc, job_id"
                        + " offset ?2 limit ?3", List.of(requesterId, offset, limit))
                .map(rows -> rows.stream().map(JobEscrowRepository::map).toList());
    }

    public Uni<Long> countByRequester(String requesterId) {
        return rows("select count(*), 0 from job_escrow where requester_id = ?1", List.of(requesterId))
                .map(rows -> Rows.asLong(rows.getFirst()[0]));
    }

    /** Records (or, after an earlier rejection, refreshes) the job's prices with its funding outcome. */
    public Uni<Void> upsert(JobSubmitted job, JobEscrow.Status status, long funded) {
        return update("""
                insert into job_escrow (job_id, requester_id, title, currency, reward_per_judgment, fee_per_judgment,
                                        max_judgments, budget, status, funded)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                on conflict (job_id) do update set requester_id = excluded.requester_id, title = excluded.title,
                    currency = excluded.currency, reward_per_judgment = excluded.reward_per_judgment,
                    fee_per_judgment = excluded.fee_per_judgment, max_judgments = excluded.max_judgments,
                    budget = excluded.budget, status = excluded.status, funded = excluded.funded, updated_at = now()""",
                java.util.Arrays.asList(job.jobId(), job.requesterId(), job.title() == null ? "" : job.title(),
                        job.budget().currency(), job.rewardPerJudgment().amount(), job.feePerJudgment().amount(),
                        job.maxJudgments(), job.budget().amount(), status.name(), funded)).replaceWithVoid();
    }

    /** What a batch adds to one job's counters. */
    public record PaidTotals(long rewards, long fees, long items) {
    }

    /** Adds each job's paid rewards, fees and items to its counters (one statement for every job). */
    public Uni<Void> addItemPayments(Map<UUID, PaidTotals> byJob) {
        return addPaid(byJob, "rewards_paid", "fees_paid");
    }

    /**
     * Adds each job's late payments (from the requester's balance, after the release) to its late counters
     * and its items paid, and takes what they settle off its owed counters.
     */
    public Uni<Void> addLatePayments(Map<UUID, PaidTotals> byJob, Map<UUID, PaidTotals> settledOwed) {
        Uni<Void> paid = addPaid(byJob, "late_rewards_paid", "late_fees_paid");
        if (settledOwed.isEmpty()) {
            return paid;
        }
        Map<UUID, PaidTotals> negative = new java.util.LinkedHashMap<>();
        settledOwed.forEach((job, t) -> negative.put(job, new PaidTotals(-Math.addExact(t.rewards(), t.fees()), 0, -t.items())));
        return paid.chain(() -> addOwed(negative));
    }

    /** Adds what is newly owed (reward + fee in {@code rewards}, count in {@code items}) to each job's owed counters. */
    public Uni<Void> addOwed(Map<UUID, PaidTotals> byJob) {
        if (byJob.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("""
                update job_escrow j set owed = j.owed + v.r, owed_items = j.owed_items + v.n, updated_at = now()
                from (values\s""");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<UUID, PaidTotals> job : byJob.entrySet()) {
            int n = params.size();
            sql.append(n > 0 ? ", " : "").append("(cast(?").append(n + 1).append(" as uuid), cast(?").append(n + 2)
                    .append(" as bigint), cast(?").append(n + 3).append(" as bigint))");
            params.addAll(List.of(job.getKey(), job.getValue().rewards(), job.getValue().items()));
        }
        sql.append(") as v(id, r, n) where j.job_id = v.id");
        return update(sql.toString(), params).replaceWithVoid();
    }

    private Uni<Void> addPaid(Map<UUID, PaidTotals> byJob, String rewardsColumn, String feesColumn) {
        if (byJob.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("update job_escrow j set " + rewardsColumn + " = j." + rewardsColumn
                + " + v.r, " + feesColumn + " = j." + feesColumn + " + v.f, items_paid = j.items_paid + v.n, "
                + "updated_at = now() from (values ");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<UUID, PaidTotals> job : byJob.entrySet()) {
            int n = params.size();
            sql.append(n > 0 ? ", " : "").append("(cast(?").append(n + 1).append(" as uuid), cast(?").append(n + 2)
                    .append(" as bigint), cast(?").append(n + 3).append(" as bigint), cast(?").append(n + 4)
                    .append(" as bigint))");
            params.addAll(List.of(job.getKey(), job.getValue().rewards(), job.getValue().fees(), job.getValue().items()));
        }
        sql.append(") as v(id, r, f, n) where j.job_id = v.id");
        return update(sql.toString(), params).replaceWithVoid();
    }

    public Uni<Void> markReleased(UUID jobId, long amount) {
        return update("""
                update job_escrow set released = released + ?2, status = 'RELEASED', updated_at = now()
                where job_id = ?1""", List.of(jobId, amount)).replaceWithVoid();
    }

    public Uni<Void> addBonus(UUID jobId, long amount, long fee) {
        return update("""
                update job_escrow set bonuses_paid = bonuses_paid + ?2, bonus_fees_paid = bonus_fees_paid + ?3,
                    updated_at = now() where job_id = ?1""", List.of(jobId, amount, fee)).replaceWithVoid();
    }

    /** Of the given (assignment, item) pairs, those already paid, as "assignment/item" strings. */
    public Uni<Set<String>> alreadyPaid(List<PaidItem> candidates) {
        return answersIn("item_payment", candidates);
    }

    /** Of the given (assignment, item) pairs, those with a row in {@code table}, as "assignment/item" strings. */
    static Uni<Set<String>> answersIn(String table, List<PaidItem> candidates) {
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        // a join on a VALUES list, not "(a, i) in ((..), (..))": PostgreSQL plans the latter as a filter over
        // every row of the table, which grows with every payment
        StringBuilder sql = new StringBuilder("select p.assignment_id, p.item_id from " + table + " p join (values ");
        List<Object> params = new ArrayList<>();
        for (PaidItem item : candidates) {
            int n = params.size();
            sql.append(n > 0 ? ", " : "").append("(cast(?").append(n + 1).append(" as uuid), cast(?").append(n + 2)
                    .append(" as uuid))");
            params.add(item.assignmentId());
            params.add(item.itemId());
        }
        sql.append(") as v(a, i) on p.assignment_id = v.a and p.item_id = v.i");
        return rows(sql.toString(), params).map(rows -> {
            Set<String> found = new HashSet<>();
            for (Object[] row : rows) {
                found.add(Rows.asUuid(row[0]) + "/" + Rows.asUuid(row[1]));
            }
            return found;
        });
    }

    /** One (assignment, item) paid by the journal entry {@code entrySeq}. */
    public record ItemPaymentRow(UUID jobId, long entrySeq, PaidItem item) {
    }

    /** Records the payments; the primary key (assignment, item) refuses any second payment of one answer. */
    public Uni<Void> insertItemPayments(List<ItemPaymentRow> payments) {
        Uni<Void> done = Uni.createFrom().voidItem();
        int perStatement = LedgerRepository.MAX_PARAMS / 7;
        for (int from = 0; from < payments.size(); from += perStatement) {
            List<ItemPaymentRow> part = payments.subList(from, Math.min(payments.size(), from + perStatement));
            StringBuilder sql = new StringBuilder(
                    "insert into item_payment (assignment_id, item_id, job_id, worker_id, reward, fee, entry_seq) values ");
            List<Object> params = new ArrayList<>();
            for (ItemPaymentRow row : part) {
                PaidItem item = row.item();
                LedgerRepository.appendRow(sql, params, item.assignmentId(), item.itemId(), row.jobId(), item.workerId(),
                        item.reward(), item.fee(), row.entrySeq());
            }
            done = done.chain(() -> update(sql.toString(), params).replaceWithVoid());
        }
        return done;
    }

    /** Records who worked on which job (bonus eligibility), for every job of a batch in one statement. */
    public Uni<Void> recordWorkers(Map<UUID, Set<String>> workersByJob) {
        StringBuilder sql = new StringBuilder("insert into job_worker (job_id, worker_id) values ");
        List<Object> params = new ArrayList<>();
        workersByJob.forEach((jobId, workers) -> workers.forEach(worker -> LedgerRepository.appendRow(sql, params, jobId, worker)));
        if (params.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        sql.append(" on conflict do nothing");
        return update(sql.toString(), params).replaceWithVoid();
    }

    public Uni<Void> recordWorkers(UUID jobId, Set<String> workerIds) {
        if (workerIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("insert into job_worker (job_id, worker_id) values ");
        List<Object> params = new ArrayList<>();
        for (String worker : workerIds) {
            if (!params.isEmpty()) {
                sql.append(", ");
            }
            int n = params.size();
            sql.append("(?").append(n + 1).append(", ?").append(n + 2).append(")");
            params.add(jobId);
            params.add(worker);
        }
        sql.append(" on conflict do nothing");
        return update(sql.toString(), params).replaceWithVoid();
    }

    public Uni<Boolean> workedOn(UUID jobId, String workerId) {
        return rows("select job_id, worker_id from job_worker where job_id = ?1 and worker_id = ?2",
                List.of(jobId, workerId)).map(rows -> !rows.isEmpty());
    }

    private static JobEscrow map(Object[] r) {
        return new JobEscrow(Rows.asUuid(r[0]), Rows.asString(r[1]), Rows.asString(r[2]), Rows.asString(r[3]),
                Rows.asLong(r[4]), Rows.asLong(r[5]), Rows.asLong(r[6]), Rows.asLong(r[7]),
                JobEscrow.Status.valueOf(Rows.asString(r[8])), Rows.asLong(r[9]), Rows.asLong(r[10]),
                Rows.asLong(r[11]), Rows.asLong(r[12]), Rows.asLong(r[13]), Rows.asLong(r[14]), Rows.asLong(r[15]),
                Rows.asLong(r[16]), Rows.asLong(r[17]), Rows.asLong(r[18]), Rows.asLong(r[19]),
                Rows.asInstant(r[20]), Rows.asInstant(r[21]));
    }
}
