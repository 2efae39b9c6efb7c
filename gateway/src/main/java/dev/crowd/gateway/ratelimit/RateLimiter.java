package dev.crowd.gateway.ratelimit;

import dev.crowd.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Token buckets in Redis, one per caller and rate-limit class, shared by every gateway instance. The
 * whole take-a-token step is one Lua script, so concurrent requests (on any instance) cannot both take
 * the last token, and Redis' own clock is the only clock.
 */
@ApplicationScoped
public class RateLimiter {

    /** What the bucket said: allowed or not, tokens left, and when to retry if refused. */
    public record Decision(boolean allowed, long limit, long remaining, Duration retryAfter) {
        static Decision unlimited() {
            return new Decision(true, -1, -1, Duration.ZERO);
        }
    }

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    // KEYS[1] bucket; ARGV[1] capacity; ARGV[2] milliseconds to refill an empty bucket.
    // Returns {allowed 0/1, whole tokens left, milliseconds until one token is back}.
    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(b[1])
            local ts = tonumber(b[2])
            if tokens == nil or ts == nil then
              tokens = capacity
              ts = now
            end
            local rate = capacity / period
            tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
            local allowed = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            else
              wait = math.ceil((1 - tokens) / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], period + 1000)
            return {allowed, math.floor(tokens), wait}
            """;
    static final String SHA = sha1(SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    public RateLimiter(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /**
     * Takes one token from {@code caller}'s bucket of class {@code limitName}. A class that is missing
     * or disabled never limits. If Redis cannot be reached the request is let through (logged): the
     * limiter protects the services, it must not become the reason they are unreachable.
     */
    public Uni<Decision> take(String limitName, String caller) {
        GatewayConfig.RateLimit limit = config.rateLimits().get(limitName);
        if (limit == null || !limit.enabled()) {
            return Uni.createFrom().item(Decision.unlimited());
        }
        String key = config.rateLimitKeyPrefix() + limitName + ":" + caller;
        String capacity = Integer.toString(limit.capacity());
        String period = Long.toString(Math.max(1, limit.period().toMillis()));
        return redis.execute("EVALSHA", SHA, "1", key, capacity, period)
                .onFailure(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", SCRIPT, "1", key, capacity, period))
                .map(r -> decision(limit, r))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("rate limiter unavailable, letting the request through: %s", e.getMessage());
                    return Decision.unlimited();
                });
    }

    private static Decision decision(GatewayConfig.RateLimit limit, Response r) {
        boolean allowed = r.get(0).toLong() == 1;
        return new Decision(allowed, limit.capacity(), r.get(1).toLong(), Duration.ofMillis(r.get(2).toLong()));
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
