package dev.crowd.gateway.ui;

import dev.crowd.platform.problem.ProblemException;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

/**
 * The signed-in user of a page: their access token (from the browser session, or the bearer token of an
 * API client), which the page sends to the services, and their name and roles for the navigation.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final HttpServerRequest request;

    public Caller(SecurityIdentity identity, HttpServerRequest request) {
        this.identity = identity;
        this.request = request;
    }

    public String token() {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (identity.isAnonymous() || token == null) {
            throw new UnauthorizedException();
        }
        return token.getToken();
    }

    public String name() {
        if (identity.isAnonymous()) {
            return "";
        }
        Object preferred = identity.getAttributes().get("preferred_username");
        if (preferred == null && identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt) {
            preferred = jwt.getClaim("preferred_username");
        }
        return preferred != null ? preferred.toString() : identity.getPrincipal().getName();
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    /**
     * State-changing page calls from a browser session must come from our pages (htmx sends HX-Request;
     * a cross-site form cannot add headers). Bearer-token callers are not exposed to CSRF.
     */
    public void requirePageRequest() {
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getHeader("HX-Request") == null
                && request.getHeader("X-Requested-With") == null) {
            throw ProblemException.forbidden("csrf", "Changes are accepted only from the Crowd pages");
        }
    }
}
