package dev.crowd.gateway.proxy;

import dev.crowd.gateway.config.GatewayConfig;
import dev.crowd.gateway.ratelimit.RateLimiter;
import dev.crowd.gateway.web.Problems;
import dev.crowd.gateway.web.RequestIds;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.util.TypeLiteral;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The API edge: {@code /api/<route>/**} is streamed to the route's service with the prefix stripped,
 * using Vert.x's HTTP reverse proxy. Before a request goes through, the gateway checks a bearer token
 * if one is sent (401 at the edge for a bad one; the services still check roles) and takes a token
 * from the caller's rate-limit bucket (429). A service that is down, slow or failing answers 503/504
 * problem+json at once instead of a hang.
 */
@ApplicationScoped
public class ApiProxy {

    static final String API = "/api/";
    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    private static final String FAILURE = "crowd.upstreamFailure";
    private static final String SESSION_TOKEN = "crowd.sessionToken";
    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final ProxyOptions PROXY_OPTIONS = new ProxyOptions().setSupportWebSocket(false);
    private static final TypeLiteral<CompletionStage<ProxyResponse>> RESPONSE_STAGE = new TypeLiteral<>() {
    };

    private final GatewayConfig config;
    private final RateLimiter rateLimiter;
    private final Problems problems;
    private final IdentityProviderManager identities;
    private final Upstreams upstreams;

    public ApiProxy(Upstreams upstreams, GatewayConfig config, RateLimiter rateLimiter, Problems problems,
                    IdentityProviderManager identities) {
        this.upstreams = upstreams;
        this.config = config;
        this.rateLimiter = rateLimiter;
        this.problems = problems;
        this.identities = identities;
    }

    void register(@Observes Router router) {
        upstreams.all().forEach(upstream -> {
            router.route(upstream.prefix()).handler(rc -> handle(rc, upstream));
            router.route(upstream.prefix() + "/*").handler(rc -> handle(rc, upstream));
        });
        // Other /api paths fall through to the REST layer (/api/status) or its problem+json 404.
    }



    /** A proxy for one exchange (a light object; the pooled HTTP client is shared per upstream). */
    private HttpProxy proxy(Upstream upstream, RoutingContext rc) {
        return HttpProxy.reverseProxy(PROXY_OPTIONS, upstream.client())
                .originRequestProvider((request, client) -> client.request(new RequestOptions()
                        .setHost(upstream.host())
                        .setPort(upstream.port())
                        .setIdleTimeout(upstream.config().idleTimeout().toMillis())))
                .addInterceptor(new Forwarding(upstream, rc));
    }

    private void handle(RoutingContext rc, Upstream upstream) {
        HttpServerRequest request = rc.request();
        if (tooLarge(rc, upstream)) {
            return;
        }
        // Nothing may be read from the body until the proxy pipes it: the checks below are asynchronous.
        request.pause();
        Context context = Vertx.currentContext();
        authenticate(rc)
                .chain(identity -> identity == null
                        ? Uni.createFrom().nullItem()
                        : rateLimiter.take(upstream.config().rateLimit(), callerKey(rc, identity))
                        .map(decision -> new Admission(identity, decision)))
                .subscribe().with(
                        admission -> onContext(context, () -> {
                            if (admission == null) {
                                return; // already answered 401
                            }
                            RateLimiter.Decision decision = admission.decision();
                            if (decision.limit() >= 0) {
                                rc.response().putHeader("RateLimit-Limit", Long.toString(decision.limit()));
                                rc.response().putHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
                            }
                            if (!decision.allowed()) {
                                long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
                                request.resume();
                                problems.send(rc, 429, "rate-limited", "Too many requests",
                                        "Rate limit of " + decision.limit() + " requests exceeded; retry in "
                                                + seconds + " s",
                                        Map.of(HttpHeaders.RETRY_AFTER.toString(), Long.toString(seconds)),
                                        Map.of("retryAfterSeconds", seconds));
                                return;
                            }
                            proxy(upstream, rc).handle(request);
                        }),
                        failure -> onContext(context, () -> {
                            LOG.errorf(failure, "gateway could not admit %s %s", request.method(), request.path());
                            request.resume();
                            problems.send(rc, 500, "internal", "Internal error", "The gateway failed to route the request");
                        }));
    }

    /** Answers 413 when the declared body is over the route's limit (the connection is closed after). */
    private boolean tooLarge(RoutingContext rc, Upstream upstream) {
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return false;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            problems.send(rc, 400, "bad-request", "Bad request", "Content-Length is not a number",
                    Map.of(HttpHeaders.CONNECTION.toString(), "close"), Map.of("field", "Content-Length"));
            return true;
        }
        long max = upstream.config().maxBodyBytes();
        if (length <= max) {
            return false;
        }
        problems.send(rc, 413, "payload-too-large", "Payload too large",
                "The request body is " + length + " bytes; this endpoint takes at most " + max + " bytes",
                Map.of(HttpHeaders.CONNECTION.toString(), "close"), Map.of("maxBytes", max, "field", "body"));
        return true;
    }

    private record Admission(SecurityIdentity identity, RateLimiter.Decision decision) {
    }

    /**
     * The caller's identity: anonymous without credentials; with an {@code Authorization} header the token
     * must be valid, else the request ends here with 401 (and the item is null). A signed-in browser
     * (UI session cookie, no header) is the session's user, and its access token is sent on to the
     * service; for a state-changing method it must also send {@code X-Requested-With} or
     * {@code HX-Request}, which a cross-site form cannot (CSRF).
     */
    private Uni<SecurityIdentity> authenticate(RoutingContext rc) {
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        Uni<SecurityIdentity> identity = QuarkusHttpUser.getSecurityIdentity(rc, identities);
        if (authorization == null) {
            return identity.onFailure().recoverWithNull()
                    .map(i -> {
                        if (i == null || i.isAnonymous()) {
                            return QuarkusSecurityIdentity.builder().setAnonymous(true).build();
                        }
                        AccessTokenCredential token = i.getCredential(AccessTokenCredential.class);
                        if (token == null) {
                            return QuarkusSecurityIdentity.builder().setAnonymous(true).build();
                        }
                        if (!SAFE_METHODS.contains(rc.request().method()) && rc.request().getHeader("X-Requested-With") == null
                                && rc.request().getHeader("HX-Request") == null) {
                            rc.request().resume();
                            problems.send(rc, 403, "csrf", "Forbidden",
                                    "A browser session may change data only from the Crowd pages (X-Requested-With header missing)");
                            return null;
                        }
                        rc.put(SESSION_TOKEN, token.getToken());
                        return i;
                    });
        }
        return identity.onItemOrFailure().transform((i, failure) -> {
            if (failure == null && i != null && !i.isAnonymous()) {
                return i;
            }
            rc.request().resume();
            problems.send(rc, 401, "unauthorized", "Unauthorized",
                    "The bearer token is missing, malformed, expired or not issued by this platform",
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), null);
            return null;
        });
    }

    /** Buckets are per user when the caller is signed in, else per client address. */
    private String callerKey(RoutingContext rc, SecurityIdentity identity) {
        if (identity != null && !identity.isAnonymous()) {
            return "user:" + identity.getPrincipal().getName();
        }
        return "ip:" + clientAddress(rc);
    }

    String clientAddress(RoutingContext rc) {
        if (config.clients().trustForwardedFor()) {
            String forwarded = rc.request().getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].trim();
            }
        }
        return rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
    }


    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    /** Rewrites the request for the service and turns transport failures into problem+json. */
    private final class Forwarding implements ProxyInterceptor {

        private final Upstream upstream;
        private final RoutingContext rc;

        Forwarding(Upstream upstream, RoutingContext rc) {
            this.upstream = upstream;
            this.rc = rc;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
            ProxyRequest request = ctx.request();
            HttpServerRequest incoming = request.proxiedRequest();
            request.setURI(upstream.upstreamUri(request.getURI()));
            request.setAuthority(upstream.authority());
            request.headers().set(RequestIds.HEADER, RequestIds.of(rc));
            String peer = incoming.remoteAddress() == null ? "unknown" : incoming.remoteAddress().hostAddress();
            String forwardedFor = incoming.getHeader("X-Forwarded-For");
            request.headers().set("X-Forwarded-For", forwardedFor == null ? peer : forwardedFor + ", " + peer);
            request.headers().set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
            if (incoming.authority() != null) {
                request.headers().set("X-Forwarded-Host", incoming.authority().toString());
            }
            request.headers().set("X-Forwarded-Prefix", upstream.prefix());
            String sessionToken = rc.get(SESSION_TOKEN);
            if (sessionToken != null) {
                // A signed-in browser: the service gets the session's access token, not the gateway's cookies.
                request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + sessionToken);
                request.headers().remove(HttpHeaders.COOKIE);
            }
            Context context = Vertx.currentContext();
            CompletionStage<ProxyResponse> sent = upstream.guard().get(
                    () -> ctx.sendRequest().toCompletionStage(), RESPONSE_STAGE);
            return Future.fromCompletionStage(sent, context).recover(failure -> {
                ctx.set(FAILURE, failure);
                return Future.failedFuture(failure);
            });
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext ctx) {
            HttpServerRequest incoming = ctx.request().proxiedRequest();
            Throwable failure = ctx.get(FAILURE, Throwable.class);
            if (failure != null) {
                UpstreamFailure kind = UpstreamFailure.of(failure);
                LOG.warnf("upstream %s failed for %s %s: %s (%s)", upstream.name(), incoming.method(),
                        incoming.path(), kind, failure.toString());
                Map<String, String> headers = kind == UpstreamFailure.CIRCUIT_OPEN || kind == UpstreamFailure.UNREACHABLE
                        ? Map.of(HttpHeaders.RETRY_AFTER.toString(),
                        Long.toString(Math.max(1, upstream.config().circuitBreaker().delay().toSeconds())))
                        : Map.of();
                return problems.send(rc, kind.status, kind.slug, kind.title, kind.detail(upstream.name()), headers,
                        Map.of("upstream", upstream.name()));
            }
            ProxyResponse response = ctx.response();
            // The gateway's own id header is already on the response.
            response.headers().remove(RequestIds.HEADER);
            String location = response.headers().get(HttpHeaders.LOCATION);
            if (location != null) {
                response.headers().set(HttpHeaders.LOCATION, Locations.rewrite(location, upstream, incoming));
            }
            return ctx.sendResponse();
        }
    }
}
