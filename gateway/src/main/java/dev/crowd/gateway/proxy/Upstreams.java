package dev.crowd.gateway.proxy;

import dev.crowd.gateway.config.GatewayConfig;
import dev.crowd.platform.problem.ProblemException;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The services behind the gateway, one {@link Upstream} per configured route, each with its pooled
 * HTTP client and its circuit breaker, shared by the proxy and the gateway's own calls (UI, OpenAPI,
 * status) so they all see the same breaker state.
 */
@ApplicationScoped
public class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class);

    private final Map<String, Upstream> byName = new LinkedHashMap<>();

    public Upstreams(Vertx vertx, GatewayConfig config) {
        new TreeMap<>(config.routes()).forEach((name, route) -> byName.put(name, create(vertx, name, route)));
    }

    public Collection<Upstream> all() {
        return byName.values();
    }

    /** The upstream of a route name; an unknown name is a programming error reported as 404. */
    public Upstream named(String name) {
        Upstream upstream = byName.get(name);
        if (upstream == null) {
            throw ProblemException.notFound("Route " + name);
        }
        return upstream;
    }

    private static Upstream create(Vertx vertx, String name, GatewayConfig.Route route) {
        URI url = route.url();
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) route.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setSsl("https".equalsIgnoreCase(url.getScheme()));
        GatewayConfig.CircuitBreaker breaker = route.circuitBreaker();
        Guard guard = Guard.create()
                .withDescription("upstream " + name)
                .withCircuitBreaker()
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .onStateChange(state -> LOG.infof("circuit breaker of upstream %s is now %s", name, state))
                .done()
                .withThreadOffload(false)
                .build();
        return new Upstream(name, "/api/" + name, url, route, vertx.createHttpClient(options), guard);
    }
}
