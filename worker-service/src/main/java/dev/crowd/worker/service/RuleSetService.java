package dev.crowd.worker.service;

import dev.crowd.worker.QualityRules;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.worker.RuleSetRow;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The platform rule set and per-job rule sets (stored by admins; configuration is the fallback). */
@ApplicationScoped
public class RuleSetService {

    /** A rule set and where it came from: "configuration", "platform" or "job". */
    public record Effective(QualityRules rules, String source) {
    }

    private final QualityRules configured;

    public RuleSetService(@Named("configuredPlatformRules") QualityRules configured) {
        this.configured = configured;
    }

    /** In the caller's session. */
    public Uni<Effective> platform() {
        return RuleSetRow.<RuleSetRow>findById(RuleSetRow.PLATFORM).map(row -> row == null
                ? new Effective(configured, "configuration")
                : new Effective(row.rules, "platform"));
    }

    /** The job's own set, else the platform's. In the caller's session. */
    public Uni<Effective> forJob(UUID jobId) {
        return RuleSetRow.<RuleSetRow>findById(jobId.toString()).chain(row -> row != null
                ? Uni.createFrom().item(new Effective(row.rules, "job"))
                : platform());
    }

    @WithSession
    public Uni<Effective> readPlatform() {
        return platform();
    }

    @WithSession
    public Uni<Effective> readJob(UUID jobId) {
        return forJob(jobId);
    }

    @WithTransaction
    public Uni<Effective> store(String scopeKey, QualityRules rules, String adminId) {
        return RuleSetRow.<RuleSetRow>findById(scopeKey).chain(existing -> {
            RuleSetRow row = existing != null ? existing : new RuleSetRow();
            row.scopeKey = scopeKey;
            row.rules = rules;
            row.updatedBy = adminId;
            row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return (existing != null ? Uni.createFrom().item(row) : row.<RuleSetRow>persist())
                    .replaceWith(new Effective(rules, RuleSetRow.PLATFORM.equals(scopeKey) ? "platform" : "job"));
        });
    }

    /** Removes a stored set: the job falls back to the platform's, the platform to configuration. */
    @WithTransaction
    public Uni<Void> remove(String scopeKey) {
        return RuleSetRow.deleteById(scopeKey).chain(deleted -> deleted
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Rule set " + scopeKey)));
    }
}
