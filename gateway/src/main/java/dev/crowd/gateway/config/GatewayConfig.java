package dev.crowd.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's routes and their protection. Each route {@code name} serves {@code /api/<name>/**} and
 * forwards to {@code url} with the {@code /api/<name>} prefix stripped.
 */
@ConfigMapping(prefix = "crowd.gateway")
public interface GatewayConfig {

    /** Routes by name: {@code tasks}, {@code workers}, {@code qa}, {@code payments}. */
    Map<String, Route> routes();

    /** Rate-limit classes by name; a route names the class it uses. */
    Map<String, RateLimit> rateLimits();

    /**
     * Prefix of the gateway's keys in Redis. Gateways of separate deployments (or test runs) that share
     * one Redis keep their buckets apart by using different prefixes.
     */
    @WithDefault("crowd:ratelimit:")
    String rateLimitKeyPrefix();

    /** How the gateway treats callers' addresses. */
    Clients clients();

    /** The rate-limit class of the web UI's pages ({@code /ui/**}), like a route's. */
    @WithDefault("standard")
    String uiRateLimit();

    interface Route {
        /** Base URL of the upstream service, e.g. {@code http://127.0.0.1:8081}. */
        URI url();

        /** Time allowed to open a connection to the upstream. */
        @WithDefault("2s")
        Duration connectTimeout();

        /**
         * Longest silence allowed on an exchange with the upstream (no bytes either way) before the
         * gateway gives up with 504. Covers a hung upstream without cutting off long uploads.
         */
        @WithDefault("30s")
        Duration idleTimeout();

        /**
         * Largest request body this route takes, in bytes (1 MiB unless set: the services' JSON endpoints
         * are small). A declared Content-Length above it is refused at the gateway with 413 before anything
         * is forwarded; a chunked body is counted as it streams and cut off with 413 once it passes it.
         */
        @WithDefault("1048576")
        long maxBodyBytes();

        /**
         * Upload endpoints of the route (paths after the prefix, {@code *} = one path segment, e.g.
         * {@code /jobs/*&#47;items}) that take up to {@link #maxUploadBytes()} instead.
         */
        Optional<List<String>> uploadPaths();

        /** Largest body of an upload path, in bytes. */
        @WithDefault("1048576")
        long maxUploadBytes();

        /** The rate-limit class (a key of {@code crowd.gateway.rate-limits}) for this route. */
        @WithDefault("standard")
        String rateLimit();

        /** The circuit breaker that turns a failing upstream into an immediate 503. */
        CircuitBreaker circuitBreaker();
    }

    interface CircuitBreaker {
        /** Number of recent calls over which the failure ratio is measured. */
        @WithDefault("10")
        int requestVolumeThreshold();

        /** Failure ratio among those calls that opens the circuit. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the circuit stays open before a trial call is let through. */
        @WithDefault("5s")
        Duration delay();
    }

    /** A token bucket: {@code capacity} requests at once, refilled at {@code capacity} per {@code period}. */
    interface RateLimit {
        /** Bucket size: the burst a caller may send at once. */
        int capacity();

        /** Time to refill an empty bucket completely. */
        @WithDefault("1m")
        Duration period();

        /** Whether the limit is enforced at all (off lets a load test measure the services alone). */
        @WithDefault("true")
        boolean enabled();
    }

    interface Clients {
        /**
         * Proxies (addresses or CIDR blocks) whose {@code X-Forwarded-For} entry is believed: the client is
         * the right-most address not written by one of them. Empty (the default): the TCP peer is the client.
         */
        Optional<List<String>> trustedProxies();

        /** The public origin of the gateway, used in links when the request does not tell it. */
        Optional<URI> publicUrl();
    }
}
