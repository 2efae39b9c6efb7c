package dev.crowd.gateway.web;

import io.quarkus.oidc.TenantResolver;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Two ways in: API clients send a bearer token (the default, service-type tenant); browsers sign in at
 * Keycloak (authorization code + PKCE, public client {@code crowd-web}) and hold a session cookie (the
 * {@code web} tenant). A request with an {@code Authorization} header is always a bearer request. The
 * web UI pages, sign-out, and API calls made by a signed-in browser (session cookie, no header) use the
 * {@code web} tenant.
 */
@ApplicationScoped
public class WebTenantResolver implements TenantResolver {

    public static final String WEB = "web";

    private final boolean webEnabled;

    public WebTenantResolver(@ConfigProperty(name = "quarkus.oidc.web.tenant-enabled", defaultValue = "true") boolean webEnabled) {
        this.webEnabled = webEnabled;
    }

    @Override
    public String resolve(RoutingContext rc) {
        if (!webEnabled || rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return null;
        }
        String path = rc.normalizedPath();
        if (path.equals("/ui") || path.startsWith("/ui/") || path.equals("/logout")) {
            return WEB;
        }
        if (path.startsWith("/api/") && hasSession(rc)) {
            return WEB;
        }
        return null;
    }

    /** Whether the browser holds a UI session (the default tenant never sets cookies). */
    public static boolean hasSession(RoutingContext rc) {
        for (Cookie cookie : rc.request().cookies()) {
            if (cookie.getName().startsWith("q_session")) {
                return true;
            }
        }
        return false;
    }
}
