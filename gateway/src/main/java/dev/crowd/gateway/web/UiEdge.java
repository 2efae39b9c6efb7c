package dev.crowd.gateway.web;

import dev.crowd.gateway.config.GatewayConfig;
import dev.crowd.gateway.ratelimit.RateLimiter;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * The web UI's edge rules: its pages take tokens from the caller's rate-limit bucket like the API does
 * (each page fans out to several services), and signing out is a POST only, so a link or an image on
 * another site cannot sign a user out.
 */
@ApplicationScoped
public class UiEdge {

    static final long MAX_FORM_BYTES = 1024 * 1024;

    private final RateLimiter rateLimiter;
    private final IdentityProviderManager identities;
    private final Callers callers;
    private final Problems problems;
    private final String rateLimitClass;

    public UiEdge(RateLimiter rateLimiter, IdentityProviderManager identities, Callers callers, Problems problems,
                  GatewayConfig config) {
        this.rateLimiter = rateLimiter;
        this.identities = identities;
        this.callers = callers;
        this.problems = problems;
        this.rateLimitClass = config.uiRateLimit();
    }

    void register(@Observes Router router) {
        // Before the sign-in machinery, which would otherwise treat any GET /logout as a sign-out.
        router.route("/logout").order(Integer.MIN_VALUE + 2).handler(rc -> {
            if (rc.request().method() == HttpMethod.POST) {
                rc.next();
                return;
            }
            problems.send(rc, 405, "method-not-allowed", "Method not allowed", "Sign out with POST /logout",
                    Map.of(HttpHeaders.ALLOW.toString(), "POST"), null);
        });
        // "/ui/*" also matches "/ui" itself: one route, one token per page.
        router.route("/ui/*").handler(this::limit);
    }

    private void limit(RoutingContext rc) {
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declared.trim().matches("\\d{1,18}") && Long.parseLong(declared.trim()) > MAX_FORM_BYTES) {
            // The pages' forms are small; the HTTP layer's own limit is sized for the proxied uploads.
            problems.send(rc, 413, "payload-too-large", "Payload too large",
                    "A page takes at most " + MAX_FORM_BYTES + " bytes", Map.of(HttpHeaders.CONNECTION.toString(), "close"),
                    Map.of("maxBytes", MAX_FORM_BYTES, "field", "body"));
            return;
        }
        rc.request().pause();
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(rc, identities)
                .onFailure().recoverWithNull()
                .chain(identity -> rateLimiter.take(rateLimitClass, callers.key(rc, identity)))
                .subscribe().with(decision -> onContext(context, () -> {
                    rc.request().resume();
                    if (decision.limit() >= 0) {
                        rc.response().putHeader("RateLimit-Limit", Long.toString(decision.limit()));
                        rc.response().putHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
                    }
                    if (decision.allowed()) {
                        rc.next();
                        return;
                    }
                    long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
                    problems.send(rc, 429, "rate-limited", "Too many requests",
                            "Rate limit of " + decision.limit() + " requests exceeded; retry in " + seconds + " s",
                            Map.of(HttpHeaders.RETRY_AFTER.toString(), Long.toString(seconds)),
                            Map.of("retryAfterSeconds", seconds));
                }), failure -> onContext(context, () -> {
                    rc.request().resume();
                    rc.fail(failure);
                }));
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
