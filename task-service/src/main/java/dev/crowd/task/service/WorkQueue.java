package dev.crowd.task.service;

import dev.crowd.platform.problem.ProblemException;
import dev.crowd.task.config.TaskConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The claim queues in Redis. Per job (one hash tag, so every key of a claim lives in one slot):
 * <ul>
 *   <li>{@code task:{J}:open} sorted set of micro-job ids that may still have slots, oldest first;</li>
 *   <li>{@code task:{J}:slots} hash micro-job id → slots left;</li>
 *   <li>{@code task:{J}:mj:M} set of the micro-job's item ids;</li>
 *   <li>{@code task:{J}:seen:W} set of item ids ever handed to annotator W in this job (gold included);</li>
 *   <li>{@code task:{J}:gold} set of gold item ids; {@code task:{J}:goldleft} gold judgments still budgeted;</li>
 *   <li>{@code task:{J}:ready} set once the queues above are complete (activation loaded them, or
 *   {@link QueueRebuilder} rebuilt them from PostgreSQL after Redis lost them). Claims take nothing
 *   from a job without it: its queues are missing or partial (a lease ending after the loss recreates
 *   a slot without the micro-job's items or anyone's seen set).</li>
 * </ul>
 * A claim is one Lua script, so two annotators never take the same slot, one annotator never gets an
 * item twice, and slots never go below zero. PostgreSQL keeps the durable record (micro_job, assignment).
 */
@ApplicationScoped
public class WorkQueue {

    /** A successful claim: the micro-job and the gold items mixed into it for this annotator. */
    public record Claim(long microJobId, List<UUID> goldItemIds) {
    }

    // Walks the open set in pages by score (the micro-job id) rather than fetching scan-limit ids per
    // claim: the first page usually has a slot, and removing an exhausted one does not shift the next page.
    private static final String CLAIM = """
            if redis.call('EXISTS', KEYS[7]) == 0 then return false end
            local scan = tonumber(ARGV[2])
            local from = '-inf'
            while scan > 0 do
              local ids = redis.call('ZRANGE', KEYS[1], from, '+inf', 'BYSCORE', 'LIMIT', 0, math.min(scan, 32))
              if #ids == 0 then break end
              scan = scan - #ids
              for _, mj in ipairs(ids) do
                local left = tonumber(redis.call('HGET', KEYS[2], mj) or '0')
                if left <= 0 then
                  redis.call('ZREM', KEYS[1], mj)
                else
                  local itemsKey = ARGV[1] .. mj
                  if redis.call('SINTERCARD', 2, itemsKey, KEYS[3], 'LIMIT', 1) == 0 then
                    redis.call('HINCRBY', KEYS[2], mj, -1)
                    if left == 1 then redis.call('ZREM', KEYS[1], mj) end
                    -- Pending until the lease is in PostgreSQL; the reconciler gives it back if it never gets there.
                    redis.call('HSET', KEYS[6], ARGV[5], mj .. ':' .. ARGV[6] .. ':0')
                    local items = redis.call('SMEMBERS', itemsKey)
                    for i = 1, #items, 1000 do
                      redis.call('SADD', KEYS[3], unpack(items, i, math.min(i + 999, #items)))
                    end
                    local result = {mj}
                    local want = tonumber(ARGV[3])
                    if want > 0 then
                      local budget = tonumber(redis.call('GET', KEYS[5]) or '0')
                      if budget < want then want = budget end
                    end
                    if want > 0 then
                      local unseen = redis.call('SDIFF', KEYS[4], KEYS[3])
                      local n = #unseen
                      if n < want then want = n end
                      if want > 0 then
                        local start = tonumber(ARGV[4]) % n
                        for i = 0, want - 1 do
                          local g = unseen[((start + i) % n) + 1]
                          table.insert(result, g)
                          redis.call('SADD', KEYS[3], g)
                        end
                        redis.call('DECRBY', KEYS[5], want)
                        redis.call('HSET', KEYS[6], ARGV[5], mj .. ':' .. ARGV[6] .. ':' .. want)
                      end
                    end
                    return result
                  end
                end
              end
              from = '(' .. ids[#ids]
            end
            return false""";

    private static final String CLAIM_SHA1 = sha1Hex(CLAIM);

    private static final int BATCH = 500;

    private final Redis redis;
    private final GroupCommit<Leased, Void> leased;

    public WorkQueue(Redis redis, TaskConfig config) {
        this.redis = redis;
        TaskConfig.GroupCommit group = config.groupCommit();
        // Leases recorded together are forgotten together: one HDEL per job, all in one round trip.
        this.leased = group.enabled()
                ? new GroupCommit<>("leased", this::forgetOne, this::forgetMany, null, group.maxBatch(), group.maxInFlight())
                : new GroupCommit<>("leased", this::forgetOne, this::forgetMany, null, 1, Integer.MAX_VALUE);
    }

    private record Leased(UUID jobId, UUID leaseId) {
    }

    private static String base(UUID jobId) {
        return "task:{" + jobId + "}:";
    }

    // Gives back a claim that never became a lease, once: the HDEL decides who does it.
    private static final String RETURN_PENDING = """
            if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
              redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
              redis.call('ZADD', KEYS[3], ARGV[2], ARGV[2])
              if tonumber(ARGV[3]) > 0 then redis.call('INCRBY', KEYS[4], ARGV[3]) end
              return 1
            end
            return 0""";

    /**
     * Takes one slot of the oldest micro-job {@code workerId} has seen none of; null when there is none.
     * The slot stays pending under {@code leaseId} until {@link #leased} (see {@link #pendingClaims}).
     */
    public Uni<Claim> claim(UUID jobId, String workerId, int goldWanted, int scanLimit, long random, UUID leaseId) {
        String b = base(jobId);
        long now = System.currentTimeMillis();
        Function<Request, Request> args = r -> r.arg(7)
                .arg(b + "open").arg(b + "slots").arg(b + "seen:" + workerId).arg(b + "gold").arg(b + "goldleft")
                .arg(b + "pending").arg(b + "ready")
                .arg(b + "mj:").arg(scanLimit).arg(goldWanted).arg(Math.floorMod(random, 1_000_000_007L))
                .arg(leaseId.toString()).arg(now);
        // The script by its digest (not its text) on every claim; EVAL loads it when Redis does not know it yet.
        return redis.send(args.apply(Request.cmd(Command.EVALSHA).arg(CLAIM_SHA1)))
                .onFailure(f -> f.getMessage() != null && f.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.send(args.apply(Request.cmd(Command.EVAL).arg(CLAIM))))
                // Nothing was taken yet: an overloaded Redis pool is a 503 to retry, not a 500.
                .onFailure(ConnectionPoolTooBusyException.class).transform(f -> new ProblemException(503,
                        "overloaded", "Busy", "Too many claims are waiting right now; try again shortly", List.of()))
                .map(WorkQueue::toClaim);
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Claim toClaim(Response response) {
        if (response == null || response.size() == 0) {
            return null;
        }
        long microJob = response.get(0).toLong();
        List<UUID> gold = new ArrayList<>();
        for (int i = 1; i < response.size(); i++) {
            gold.add(UUID.fromString(response.get(i).toString()));
        }
        return new Claim(microJob, gold);
    }

    /** Opens micro-jobs with their slots (idempotent: sets, does not add). */
    public Uni<Void> open(UUID jobId, List<MicroJobSlots> microJobs) {
        String b = base(jobId);
        List<Request> requests = new ArrayList<>();
        for (MicroJobSlots mj : microJobs) {
            addMicroJob(requests, b, mj, mj.slots());
            requests.add(Request.cmd(Command.ZADD).arg(b + "open").arg(mj.id()).arg(mj.id()));
        }
        return batch(requests);
    }

    /** The micro-job's item set and its slots left. */
    private static void addMicroJob(List<Request> requests, String b, MicroJobSlots mj, int slots) {
        Request sadd = Request.cmd(Command.SADD).arg(b + "mj:" + mj.id());
        mj.itemIds().forEach(id -> sadd.arg(id.toString()));
        requests.add(sadd);
        requests.add(Request.cmd(Command.HSET).arg(b + "slots").arg(mj.id()).arg(slots));
    }

    /** SADD of {@code ids} to {@code key}, a thousand members per command. */
    private static void addMembers(List<Request> requests, String key, List<UUID> ids) {
        for (int i = 0; i < ids.size(); i += 1000) {
            Request sadd = Request.cmd(Command.SADD).arg(key);
            ids.subList(i, Math.min(i + 1000, ids.size())).forEach(id -> sadd.arg(id.toString()));
            requests.add(sadd);
        }
    }

    /** The job's gold items and how many gold judgments its budget covers. */
    public Uni<Void> registerGold(UUID jobId, Collection<UUID> goldItemIds, long goldJudgments) {
        String b = base(jobId);
        List<Request> requests = new ArrayList<>();
        requests.add(Request.cmd(Command.SET).arg(b + "goldleft").arg(goldJudgments));
        addMembers(requests, b + "gold", List.copyOf(goldItemIds));
        return batch(requests);
    }

    /** The job's queues are complete: claims may take from them. */
    public Uni<Void> markReady(UUID jobId) {
        return redis.send(Request.cmd(Command.SET).arg(base(jobId) + "ready").arg(1)).replaceWithVoid();
    }

    /** Which of {@code jobIds} have complete queues (see {@code task:{J}:ready}); one round trip. */
    public Uni<Set<UUID>> ready(List<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Request> requests = jobIds.stream()
                .map(j -> Request.cmd(Command.EXISTS).arg(base(j) + "ready")).toList();
        return redis.batch(requests).map(responses -> {
            Set<UUID> out = new HashSet<>();
            for (int i = 0; i < jobIds.size(); i++) {
                if (responses.get(i) != null && responses.get(i).toInteger() == 1) {
                    out.add(jobIds.get(i));
                }
            }
            return out;
        });
    }

    /** Whether the micro-job's item set is in Redis. */
    public Uni<Boolean> hasMicroJob(UUID jobId, long microJobId) {
        return redis.send(Request.cmd(Command.EXISTS).arg(base(jobId) + "mj:" + microJobId))
                .map(r -> r != null && r.toInteger() == 1);
    }

    /**
     * Rewrites micro-jobs' queue entries from the durable record: items, slots left (set, not added),
     * in the open set when a slot is left (removed otherwise); and adds items to annotators' seen sets.
     */
    public Uni<Void> restore(UUID jobId, List<MicroJobSlots> microJobs, Map<String, List<UUID>> seen) {
        String b = base(jobId);
        List<Request> requests = new ArrayList<>();
        for (MicroJobSlots mj : microJobs) {
            addMicroJob(requests, b, mj, Math.max(0, mj.slots()));
            requests.add(mj.slots() > 0
                    ? Request.cmd(Command.ZADD).arg(b + "open").arg(mj.id()).arg(mj.id())
                    : Request.cmd(Command.ZREM).arg(b + "open").arg(mj.id()));
        }
        seen.forEach((worker, items) -> addMembers(requests, b + "seen:" + worker, items));
        return batch(requests);
    }

    /** Adds gold item ids (the rebuild pages them in; {@link #registerGold} sets the budget). */
    public Uni<Void> addGold(UUID jobId, List<UUID> goldItemIds) {
        if (goldItemIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Request> requests = new ArrayList<>();
        addMembers(requests, base(jobId) + "gold", goldItemIds);
        return batch(requests);
    }

    /** Gives a slot back (expired or returned lease), with the gold judgments it had reserved. */
    public Uni<Void> release(UUID jobId, long microJobId, int goldCount) {
        String b = base(jobId);
        List<Request> requests = new ArrayList<>();
        requests.add(Request.cmd(Command.HINCRBY).arg(b + "slots").arg(microJobId).arg(1));
        requests.add(Request.cmd(Command.ZADD).arg(b + "open").arg(microJobId).arg(microJobId));
        if (goldCount > 0) {
            requests.add(Request.cmd(Command.INCRBY).arg(b + "goldleft").arg(goldCount));
        }
        return batch(requests);
    }

    /** The lease is in PostgreSQL: the claim is no longer pending. */
    public Uni<Void> leased(UUID jobId, UUID leaseId) {
        return leased.submit(new Leased(jobId, leaseId));
    }

    /** How the pending-claim removals were grouped so far. */
    public String groupCommitStats() {
        return leased.stats();
    }

    private Uni<Void> forgetOne(Leased l) {
        return redis.send(Request.cmd(Command.HDEL).arg(base(l.jobId()) + "pending").arg(l.leaseId().toString()))
                .replaceWithVoid();
    }

    private Uni<List<Void>> forgetMany(List<Leased> all) {
        Map<UUID, Request> byJob = new LinkedHashMap<>();
        for (Leased l : all) {
            byJob.computeIfAbsent(l.jobId(), j -> Request.cmd(Command.HDEL).arg(base(j) + "pending"))
                    .arg(l.leaseId().toString());
        }
        return redis.batch(List.copyOf(byJob.values())).map(r -> Collections.nCopies(all.size(), (Void) null));
    }

    /** A claim taken in Redis whose lease may not have reached PostgreSQL. */
    public record PendingClaim(UUID leaseId, long microJobId, long claimedAtMillis, int goldCount) {
    }

    /** The job's pending claims. */
    public Uni<List<PendingClaim>> pendingClaims(UUID jobId) {
        return redis.send(Request.cmd(Command.HGETALL).arg(base(jobId) + "pending")).map(r -> {
            List<PendingClaim> out = new ArrayList<>();
            if (r == null) {
                return out;
            }
            for (String key : r.getKeys()) {
                String[] v = r.get(key).toString().split(":");
                out.add(new PendingClaim(UUID.fromString(key), Long.parseLong(v[0]), Long.parseLong(v[1]),
                        Integer.parseInt(v[2])));
            }
            return out;
        });
    }

    // A claim whose lease could not be written leaves no trace: slot and gold back, and the annotator has
    // not seen its items (the micro-job may just not be committed in PostgreSQL yet; they may claim it again).
    private static final String UNDO_CLAIM = """
            if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
              redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
              redis.call('ZADD', KEYS[3], ARGV[2], ARGV[2])
              if tonumber(ARGV[3]) > 0 then redis.call('INCRBY', KEYS[4], ARGV[3]) end
              local items = redis.call('SMEMBERS', KEYS[6])
              for i = 1, #items, 1000 do
                redis.call('SREM', KEYS[5], unpack(items, i, math.min(i + 999, #items)))
              end
              for i = 4, #ARGV do redis.call('SREM', KEYS[5], ARGV[i]) end
              return 1
            end
            return 0""";

    /** Undoes a claim whose lease was not recorded (see {@code UNDO_CLAIM}). */
    public Uni<Void> undoClaim(UUID jobId, UUID leaseId, String workerId, Claim claim) {
        String b = base(jobId);
        Request r = Request.cmd(Command.EVAL).arg(UNDO_CLAIM).arg(6)
                .arg(b + "pending").arg(b + "slots").arg(b + "open").arg(b + "goldleft")
                .arg(b + "seen:" + workerId).arg(b + "mj:" + claim.microJobId())
                .arg(leaseId.toString()).arg(claim.microJobId()).arg(claim.goldItemIds().size());
        claim.goldItemIds().forEach(g -> r.arg(g.toString()));
        return redis.send(r).replaceWithVoid();
    }

    /** Gives a pending claim's slot (and gold) back unless someone already did; true when this call did. */
    public Uni<Boolean> returnPending(UUID jobId, PendingClaim claim) {
        String b = base(jobId);
        return redis.send(Request.cmd(Command.EVAL).arg(RETURN_PENDING).arg(4)
                        .arg(b + "pending").arg(b + "slots").arg(b + "open").arg(b + "goldleft")
                        .arg(claim.leaseId().toString()).arg(claim.microJobId()).arg(claim.goldCount()))
                .map(r -> r != null && r.toInteger() == 1);
    }

    /** Removes a finished job's queues (seen sets included). */
    public Uni<Void> drop(UUID jobId) {
        String pattern = base(jobId) + "*";
        return scanDelete(pattern, "0");
    }

    private Uni<Void> scanDelete(String pattern, String cursor) {
        return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000))
                .chain(response -> {
                    String next = response.get(0).toString();
                    Response keys = response.get(1);
                    Uni<Void> delete = Uni.createFrom().voidItem();
                    if (keys.size() > 0) {
                        Request del = Request.cmd(Command.UNLINK);
                        keys.forEach(k -> del.arg(k.toString()));
                        delete = redis.send(del).replaceWithVoid();
                    }
                    return delete.chain(() -> "0".equals(next) ? Uni.createFrom().voidItem() : scanDelete(pattern, next));
                });
    }

    private Uni<Void> batch(List<Request> requests) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < requests.size(); i += BATCH) {
            List<Request> part = requests.subList(i, Math.min(i + BATCH, requests.size()));
            chain = chain.chain(() -> redis.batch(part).replaceWithVoid());
        }
        return chain;
    }

    public record MicroJobSlots(long id, List<UUID> itemIds, int slots) {
    }
}
