package dev.crowd.task.service;

import dev.crowd.contracts.Money;
import dev.crowd.task.JobTransitions;
import dev.crowd.task.config.TaskConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds the claim queues of an ACTIVE or PAUSED job from PostgreSQL when Redis lost them (a restart
 * without persistence, a failover, a FLUSHALL): the job has no {@code task:{J}:ready} marker.
 *
 * <p>Claims take nothing from a job without the marker (see {@link WorkQueue}), so the rebuild does not
 * race new claims. It waits {@code claims.pending-grace} after first seeing the marker missing, so that a
 * claim taken just before the loss has its lease in PostgreSQL by then (the same bound the
 * ClaimReconciler relies on). One replica rebuilds a job at a time (a short Redis lock).
 *
 * <p>From the durable record, a micro-job page at a time: slots left = slots granted − its ACTIVE or
 * SUBMITTED assignments (expired and returned ones gave their slot back); the open set = micro-jobs with
 * a slot left; {@code seen:W} = items of every assignment of W in the job, whatever its status (gold
 * included); gold left = the job's gold budget − gold of ACTIVE or SUBMITTED assignments (expired and
 * returned ones gave their gold back, as {@link WorkQueue#release} does).
 */
@ApplicationScoped
public class QueueRebuilder {

    private static final Logger LOG = Logger.getLogger(QueueRebuilder.class);

    private static final int PAGE = 2000;
    private static final Duration LOCK = Duration.ofSeconds(30);

    private static final String JOBS = """
            select id, item_count, gold_count, max_judgments, micro_job_size, gold_per_micro_job, reward_amount, currency
            from job where status in (""" + JobTransitions.sqlList(JobTransitions.OPEN) + ")";
    private static final String FIRST_MICRO_JOB = "select min(id) from micro_job where job_id = $1";
    private static final String MICRO_JOBS = """
            select id, item_ids, slots from micro_job where job_id = $1 and id > $2 order by id limit $3""";
    private static final String ASSIGNMENTS = """
            select micro_job_id, worker_id, status, item_ids, gold_count from assignment where micro_job_id = any($1)""";
    private static final String GOLD = """
            select id from item where job_id = $1 and gold_label is not null and id > $2 order by id limit $3""";

    private final WorkQueue queue;
    private final RebuildLock lock;
    private final Pool pool;
    private final TaskConfig config;
    /** When this replica first saw each job without its marker. */
    private final Map<UUID, Long> missingSince = new ConcurrentHashMap<>();

    public QueueRebuilder(WorkQueue queue, RebuildLock lock, Pool pool, TaskConfig config) {
        this.queue = queue;
        this.lock = lock;
        this.pool = pool;
        this.config = config;
    }

    private record JobRow(UUID id, long goldBudget) {
    }

    /** What a rebuild restored. */
    public record Rebuilt(UUID jobId, int microJobs, long slotsLeft, int open, int annotators, int gold, long goldLeft) {
    }

    /** Rebuilds the queues of every open job that lost them (past the grace); returns how many jobs. */
    public Uni<Integer> check() {
        return pool.preparedQuery(JOBS).execute().chain(rows -> {
            List<JobRow> jobs = new ArrayList<>();
            for (Row r : rows) {
                jobs.add(new JobRow(r.getUUID("id"), goldBudget(r)));
            }
            return queue.ready(jobs.stream().map(JobRow::id).toList()).chain(ready -> {
                long now = System.currentTimeMillis();
                long grace = config.claims().pendingGrace().toMillis();
                Set<UUID> open = new java.util.HashSet<>();
                List<JobRow> unmarked = new ArrayList<>();
                for (JobRow job : jobs) {
                    open.add(job.id());
                    if (ready.contains(job.id())) {
                        missingSince.remove(job.id());
                    } else {
                        unmarked.add(job);
                    }
                }
                missingSince.keySet().retainAll(open);
                return Multi.createFrom().iterable(unmarked)
                        .onItem().transformToUniAndConcatenate(job -> unmarked(job, now, grace))
                        .collect().asList()
                        .map(done -> (int) done.stream().filter(Boolean::booleanValue).count());
            });
        });
    }

    /**
     * A job without the marker, under its lock (so one replica does not take a rebuild in progress on
     * another for intact queues). Its queues may be intact (activated before the marker existed): the items
     * of its first micro-job are then in Redis, which only activation and a rebuild write (a lease ending
     * after a loss recreates a slot, never a micro-job's items), so it is only marked ready. Otherwise it is
     * rebuilt once the marker has been missing for the pending-claim grace.
     */
    private Uni<Boolean> unmarked(JobRow job, long now, long grace) {
        return lock.lock(job.id(), LOCK).chain(token -> {
            if (token == null) {
                return Uni.createFrom().item(false); // another replica is at it
            }
            return queue.ready(List.of(job.id()))
                    .chain(ready -> ready.contains(job.id()) ? Uni.createFrom().item(false) // rebuilt meanwhile
                            : pool.preparedQuery(FIRST_MICRO_JOB).execute(Tuple.of(job.id()))
                                    .map(rows -> rows.iterator().next().getLong(0))
                                    .chain(first -> first == null ? Uni.createFrom().item(false)
                                            : queue.hasMicroJob(job.id(), first))
                                    .chain(intact -> {
                                        if (intact) {
                                            missingSince.remove(job.id());
                                            return queue.markReady(job.id()).invoke(() -> LOG.infof(
                                                    "job %s: claim queues intact in Redis without a ready marker;"
                                                            + " marked ready", job.id())).replaceWith(false);
                                        }
                                        long since = missingSince.computeIfAbsent(job.id(), j -> now);
                                        if (now - since < grace) {
                                            return Uni.createFrom().item(false);
                                        }
                                        return rebuild(job.id(), job.goldBudget(), token).invoke(r -> {
                                            missingSince.remove(job.id());
                                            LOG.warnf("job %s: claim queues were missing in Redis; rebuilt from"
                                                            + " PostgreSQL: %d micro-job(s), %d slot(s) left in %d open"
                                                            + " micro-job(s), seen sets of %d annotator(s), %d gold"
                                                            + " item(s), %d gold judgment(s) left",
                                                    r.jobId(), r.microJobs(), r.slotsLeft(), r.open(), r.annotators(),
                                                    r.gold(), r.goldLeft());
                                        }).replaceWith(true);
                                    }))
                    .onItemOrFailure().call((ok, failure) -> lock.unlock(job.id(), token)
                            .onFailure().recoverWithNull());
        });
    }

    // The gold cap exactly as activation set it (JobService.price → Pricing).
    private long goldBudget(Row r) {
        return Pricing.price(r.getLong("item_count"), r.getLong("gold_count"), r.getInteger("max_judgments"),
                r.getInteger("micro_job_size"), r.getInteger("gold_per_micro_job"),
                new Money(r.getLong("reward_amount"), r.getString("currency")), config.feeBasisPoints()).goldJudgments();
    }

    /**
     * Rebuilds one job's queues from PostgreSQL and marks them ready, holding the job's rebuild lock
     * ({@code token}): each page first extends it, and a rebuild that lost it stops before marking.
     */
    Uni<Rebuilt> rebuild(UUID jobId, long goldBudget, String token) {
        Totals totals = new Totals();
        return microJobs(jobId, 0L, totals, token)
                .chain(() -> gold(jobId, null, totals, token))
                .call(() -> extend(jobId, token))
                .chain(() -> {
                    long goldLeft = Math.max(0, goldBudget - totals.goldUsed);
                    // Gold ids are in already (paged); this sets the budget left (and adds no id).
                    return queue.registerGold(jobId, List.of(), goldLeft).replaceWith(goldLeft);
                })
                .call(() -> queue.markReady(jobId))
                .map(goldLeft -> new Rebuilt(jobId, totals.microJobs, totals.slotsLeft, totals.open,
                        totals.annotators.size(), totals.gold, goldLeft));
    }

    private Uni<Void> extend(UUID jobId, String token) {
        return lock.extend(jobId, token, LOCK).invoke(held -> {
            if (!held) {
                throw new IllegalStateException("job " + jobId + ": rebuild lock lost (took longer than " + LOCK
                        + "?); another replica may rebuild; this one stops");
            }
        }).replaceWithVoid();
    }

    private static final class Totals {
        int microJobs;
        long slotsLeft;
        int open;
        long goldUsed;
        int gold;
        final Set<String> annotators = new java.util.HashSet<>();
    }

    private Uni<Void> microJobs(UUID jobId, long after, Totals totals, String token) {
        return extend(jobId, token).chain(() -> pool.preparedQuery(MICRO_JOBS).execute(Tuple.of(jobId, after, PAGE)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
            }
            Map<Long, List<UUID>> items = new LinkedHashMap<>();
            Map<Long, Integer> granted = new HashMap<>();
            long last = after;
            for (Row r : rows) {
                long id = r.getLong("id");
                items.put(id, ids(r.getString("item_ids")));
                granted.put(id, r.getInteger("slots"));
                last = id;
            }
            long lastId = last;
            int pageSize = rows.size();
            Long[] pageIds = items.keySet().toArray(Long[]::new);
            return pool.preparedQuery(ASSIGNMENTS).execute(Tuple.of(pageIds))
                    .chain(assignments -> restorePage(jobId, items, granted, assignments, totals))
                    .chain(() -> pageSize < PAGE ? Uni.createFrom().voidItem() : microJobs(jobId, lastId, totals, token));
        }));
    }

    private Uni<Void> restorePage(UUID jobId, Map<Long, List<UUID>> items, Map<Long, Integer> granted,
                                  RowSet<Row> assignments, Totals totals) {
        Map<Long, Integer> taken = new HashMap<>();
        Map<String, List<UUID>> seen = new HashMap<>();
        for (Row a : assignments) {
            String status = a.getString("status");
            String worker = a.getString("worker_id");
            seen.computeIfAbsent(worker, w -> new ArrayList<>()).addAll(ids(a.getString("item_ids")));
            totals.annotators.add(worker);
            if ("ACTIVE".equals(status) || "SUBMITTED".equals(status)) {
                taken.merge(a.getLong("micro_job_id"), 1, Integer::sum);
                totals.goldUsed += a.getInteger("gold_count");
            }
        }
        List<WorkQueue.MicroJobSlots> page = new ArrayList<>();
        items.forEach((id, itemIds) -> {
            int left = Math.max(0, granted.get(id) - taken.getOrDefault(id, 0));
            page.add(new WorkQueue.MicroJobSlots(id, itemIds, left));
            totals.microJobs++;
            totals.slotsLeft += left;
            if (left > 0) {
                totals.open++;
            }
        });
        return queue.restore(jobId, page, seen);
    }

    private Uni<Void> gold(UUID jobId, UUID after, Totals totals, String token) {
        // UUIDs compare in PostgreSQL's order; the nil UUID sorts first.
        UUID from = after == null ? new UUID(0L, 0L) : after;
        return extend(jobId, token).chain(() -> pool.preparedQuery(GOLD).execute(Tuple.of(jobId, from, PAGE))).chain(rows -> {
            List<UUID> gold = new ArrayList<>();
            for (Row r : rows) {
                gold.add(r.getUUID(0));
            }
            totals.gold += gold.size();
            return queue.addGold(jobId, gold).chain(() -> gold.size() < PAGE ? Uni.createFrom().voidItem()
                    : gold(jobId, gold.getLast(), totals, token));
        });
    }

    private static List<UUID> ids(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(UUID::fromString).toList();
    }
}
