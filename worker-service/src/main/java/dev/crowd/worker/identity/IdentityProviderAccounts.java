package dev.crowd.worker.identity;

/**
 * Sign-in of an annotator at the identity provider. Implementations must be idempotent (setting the
 * state it already has is a success): calls are retried after failures.
 */
public interface IdentityProviderAccounts {

    /** Enables or disables sign-in of {@code userId} (the token subject). Blocking. */
    void setSignInEnabled(String userId, boolean enabled);
}
