package dev.crowd.worker.identity;

import dev.crowd.worker.IdentityAction;
import dev.crowd.worker.config.KeycloakAdminConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Carries out pending sign-in changes after the transaction that queued them committed: never inside
 * a database transaction, retried until Keycloak accepts, in queue order (a failure stops the pass so
 * a later "enable" never overtakes an earlier "disable").
 */
@ApplicationScoped
public class IdentityActionProcessor {

    private static final Logger LOG = Logger.getLogger(IdentityActionProcessor.class);

    private final IdentityProviderAccounts accounts;
    private final KeycloakAdminConfig config;
    private final Vertx vertx;

    public IdentityActionProcessor(IdentityProviderAccounts accounts, KeycloakAdminConfig config, Vertx vertx) {
        this.accounts = accounts;
        this.config = config;
        this.vertx = vertx;
    }

    @Scheduled(every = "${crowd.keycloak-admin.retry-every:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPass() {
        return processPending().replaceWithVoid();
    }

    /** Processes pending actions in order; returns how many were completed. */
    public Uni<Integer> processPending() {
        return Panache.withSession(() -> IdentityAction.<IdentityAction>find("doneAt is null order by id")
                        .page(0, 50).list())
                .chain(this::processInOrder);
    }

    private Uni<Integer> processInOrder(List<IdentityAction> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        IdentityAction action = pending.getFirst();
        List<IdentityAction> rest = pending.subList(1, pending.size());
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
                    accounts.setSignInEnabled(action.workerId, action.enable);
                    return true;
                }))
                .onFailure().recoverWithItem(failure -> {
                    int attempts = action.attempts + 1;
                    if (attempts >= config.warnAfterAttempts()) {
                        LOG.errorf("sign-in change %d for %s failed %d times: %s", action.id, action.workerId, attempts,
                                failure.toString());
                    } else {
                        LOG.warnf("sign-in change %d for %s failed (%s); will retry", action.id, action.workerId,
                                failure.toString());
                    }
                    action.lastError = String.valueOf(failure.getMessage());
                    return false;
                })
                .chain(done -> Panache.withTransaction(() -> IdentityAction.update(
                                "attempts = attempts + 1, lastError = ?1, doneAt = ?2 where id = ?3",
                                done ? null : action.lastError, done ? OffsetDateTime.now(ZoneOffset.UTC) : null, action.id))
                        .chain(() -> done ? processInOrder(rest).map(n -> n + 1) : Uni.createFrom().item(0)));
    }

    /** The real Keycloak client, or a no-op when {@code crowd.keycloak-admin.enabled=false}. */
    @ApplicationScoped
    static class Accounts {
        @Produces
        @ApplicationScoped
        IdentityProviderAccounts accounts(KeycloakAdminConfig config) {
            if (config.enabled()) {
                return new KeycloakAccounts(config);
            }
            LOG.info("Keycloak admin calls disabled (crowd.keycloak-admin.enabled=false): sign-in changes are only recorded");
            return (userId, enabled) -> LOG.infof("sign-in of %s would be %s (Keycloak admin disabled)", userId,
                    enabled ? "enabled" : "disabled");
        }

        void close(@Disposes IdentityProviderAccounts accounts) throws Exception {
            if (accounts instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
