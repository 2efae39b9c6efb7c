package dev.crowd.task.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;

/** The per-job rebuild lock in Redis ({@code task:{J}:rebuild}, SET NX PX): one replica rebuilds a job's queues. */
@ApplicationScoped
public class RebuildLock {

    private final Redis redis;

    public RebuildLock(Redis redis) {
        this.redis = redis;
    }

    private static String key(UUID jobId) {
        return "task:{" + jobId + "}:rebuild";
    }

    /** Takes the job's rebuild lock for {@code ttl}; the token to unlock with, or null when someone holds it. */
    public Uni<String> lock(UUID jobId, Duration ttl) {
        String token = UUID.randomUUID().toString();
        return redis.send(Request.cmd(Command.SET).arg(key(jobId)).arg(token).arg("NX")
                        .arg("PX").arg(ttl.toMillis()))
                .map(r -> r != null && "OK".equals(r.toString()) ? token : null);
    }

    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private static final String EXTEND = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0""";

    /** Extends the rebuild lock if this token still holds it; false when it does not. */
    public Uni<Boolean> extend(UUID jobId, String token, Duration ttl) {
        return redis.send(Request.cmd(Command.EVAL).arg(EXTEND).arg(1).arg(key(jobId)).arg(token)
                        .arg(ttl.toMillis()))
                .map(r -> r != null && r.toInteger() == 1);
    }

    /** Releases the rebuild lock if this token still holds it. */
    public Uni<Void> unlock(UUID jobId, String token) {
        return redis.send(Request.cmd(Command.EVAL).arg(UNLOCK).arg(1).arg(key(jobId)).arg(token))
                .replaceWithVoid();
    }
}
