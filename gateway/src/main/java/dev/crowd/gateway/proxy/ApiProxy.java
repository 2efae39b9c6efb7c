package dev.crowd.gateway.proxy;

import dev.crowd.gateway.ratelimit.RateLimiter;
import dev.crowd.gateway.web.Callers;
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
import io.vertx.httpproxy.Body;
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
    private static final String BODY_TOO_LARGE = "crowd.bodyTooLarge";
    private static final String ADMIN = "admin";
    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final ProxyOptions PROXY_OPTIONS = new ProxyOptions().setSupportWebSocket(false);
    private static final TypeLiteral<CompletionStage<ProxyResponse>> RESPONSE_STAGE = new TypeLiteral<>() {
    };

    private final RateLimiter rateLimiter;
    private final Problems problems;
    private final IdentityProviderManager identities;
    private final Upstreams upstreams;
    private final Callers callers;

    public ApiProxy(Upstreams upstreams, RateLimiter rateLimiter, Problems problems,
                    IdentityProviderManager identities, Callers callers) {
        this.callers = callers;
        this.upstreams = upstreams;
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
    private HttpProxy proxy(Upstream upstream, RoutingContext rc, long maxBody) {
        return HttpProxy.reverseProxy(PROXY_OPTIONS, upstream.client())
                .originRequestProvider((request, client) -> client.request(new RequestOptions()
                        .setHost(upstream.host())
                        .setPort(upstream.port())
                        .setIdleTimeout(upstream.config().idleTimeout().toMillis())))
                .addInterceptor(new Forwarding(upstream, rc, maxBody));
    }

    private void handle(RoutingContext rc, Upstream upstream) {
        HttpServerRequest request = rc.request();
        long maxBody = upstream.maxBodyBytes(request.path());
        if (tooLarge(rc, maxBody)) {
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
                            // Normalized (dot segments, %-escapes, doubled slashes): /api/tasks//q/./metrics is /q/metrics too.
                            String path = rc.normalizedPath().replaceAll("/{2,}", "/");
                            if (operationsPath(upstream, path) && !admission.identity().hasRole(ADMIN)) {
                                // A service's /q/* (metrics, OpenAPI, health) is for operators, not for callers of the API.
                                request.resume();
                                boolean anonymous = admission.identity().isAnonymous();
                                problems.send(rc, anonymous ? 401 : 403, anonymous ? "unauthorized" : "forbidden",
                                        anonymous ? "Unauthorized" : "Forbidden",
                                        "A service's operations endpoints are for administrators only",
                                        anonymous ? Map.of("WWW-Authenticate", "Bearer") : Map.of(), null);
                                return;
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
                            proxy(upstream, rc, maxBody).handle(request);
                        }),
                        failure -> onContext(context, () -> {
                            LOG.errorf(failure, "gateway could not admit %s %s", request.method(), request.path());
                            request.resume();
                            problems.send(rc, 500, "internal", "Internal error", "The gateway failed to route the request");
                        }));
    }

    /** Answers 413 when the declared body is over the route's limit (the connection is closed after). */
    private boolean tooLarge(RoutingContext rc, long max) {
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return false; // a chunked body is counted while it streams (LimitedBody)
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            problems.send(rc, 400, "bad-request", "Bad request", "Content-Length is not a number",
                    Map.of(HttpHeaders.CONNECTION.toString(), "close"), Map.of("field", "Content-Length"));
            return true;
        }
        if (length <= max) {
            return false;
        }
        sendTooLarge(rc, "The request body is " + length + " bytes; this endpoint takes at most " + max + " bytes", max);
        return true;
    }

    private Future<Void> sendTooLarge(RoutingContext rc, String detail, long max) {
        // HTTP/1.x: the unread rest of the body is dropped with the connection (HTTP/2 has no Connection header).
        Map<String, String> headers = rc.request().version() == io.vertx.core.http.HttpVersion.HTTP_2
                ? Map.of() : Map.of(HttpHeaders.CONNECTION.toString(), "close");
        return problems.send(rc, 413, "payload-too-large", "Payload too large", detail, headers,
                Map.of("maxBytes", max, "field", "body"));
    }

    /** {@code /api/<route>/q} and {@code /api/<route>/q/**}: the service's operations endpoints. */
    static boolean operationsPath(Upstream upstream, String path) {
        String rest = path.length() > upstream.prefix().length() ? path.substring(upstream.prefix().length()) : "";
        return rest.equals("/q") || rest.startsWith("/q/");
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
        return callers.key(rc, identity);
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
        private final long maxBody;

        Forwarding(Upstream upstream, RoutingContext rc, long maxBody) {
            this.upstream = upstream;
            this.rc = rc;
            this.maxBody = maxBody;
        }

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
            ProxyRequest request = ctx.request();
            HttpServerRequest incoming = request.proxiedRequest();
            request.setURI(upstream.upstreamUri(request.getURI()));
            if (request.getBody() != null && request.getBody().length() < 0) {
                request.setBody(Body.body(new LimitedBody(request.getBody().stream(), maxBody,
                        () -> rc.put(BODY_TOO_LARGE, maxBody)), -1));
            }
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
            // A body cut off for its size says nothing about the service: the breaker must not count it.
            CompletionStage<ProxyResponse> sent = upstream.guard().get(
                    () -> ctx.sendRequest().recover(failure -> Future.failedFuture(rc.get(BODY_TOO_LARGE) == null
                            ? failure : new LimitedBody.BodyTooLarge(maxBody))).toCompletionStage(), RESPONSE_STAGE);
            return Future.fromCompletionStage(sent, context).recover(failure -> {
                ctx.set(FAILURE, failure);
                return Future.failedFuture(failure);
            });
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext ctx) {
            HttpServerRequest incoming = ctx.request().proxiedRequest();
            Throwable failure = ctx.get(FAILURE, Throwable.class);
            if (rc.get(BODY_TOO_LARGE) != null) {
                // Close the connection: the rest of an oversized chunked body is not read.
                return sendTooLarge(rc, "The request body is over " + maxBody + " bytes; this endpoint takes at most "
                        + maxBody + " bytes", maxBody)
                        .onComplete(done -> {
                            if (rc.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                                rc.request().connection().close();
                            }
                        });
            }
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
