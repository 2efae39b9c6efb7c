package dev.crowd.platform.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller. Its {@link #id()} is the token's subject, the one identity used across every service
 * (requester id, worker id, account owner).
 */
@RequestScoped
public class CurrentUser {

    public static final String REQUESTER = "requester";
    public static final String ANNOTATOR = "annotator";
    public static final String ADMIN = "admin";

    private final SecurityIdentity identity;

    public CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The token subject; 401 when the request is anonymous. */
    public String id() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        return identity.getPrincipal().getName();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public boolean isAdmin() {
        return hasRole(ADMIN);
    }
}
