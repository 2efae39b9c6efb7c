package dev.crowd.worker.config;

import dev.crowd.worker.QualityRules;
import dev.crowd.worker.service.TrustFormula;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Turns configuration into the pure domain objects (which know nothing of Quarkus); records, so @Singleton. */
@ApplicationScoped
public class DomainBeans {

    @Produces
    @Singleton
    TrustFormula trustFormula(TrustConfig c) {
        return new TrustFormula(c.prior(), c.priorStrength(), c.goldWeight(), c.agreementWeight(), c.volumeWeight(),
                c.volumeHalf());
    }

    /** The platform rules used until an admin stores a platform set. */
    @Produces
    @Named("configuredPlatformRules")
    @Singleton
    QualityRules configuredPlatformRules(QualityRulesConfig c) {
        return new QualityRules(
                c.jobGoldAccuracy().enabled() ? new QualityRules.GoldAccuracy(c.jobGoldAccuracy().minAccuracy(),
                        c.jobGoldAccuracy().minGoldAnswers(), c.jobGoldAccuracy().suspendHours().orElse(null)) : null,
                c.platformGoldAccuracy().enabled() ? new QualityRules.GoldAccuracy(c.platformGoldAccuracy().minAccuracy(),
                        c.platformGoldAccuracy().minGoldAnswers(), c.platformGoldAccuracy().suspendHours().orElse(null)) : null,
                c.tooFast().enabled() ? new QualityRules.TooFast(c.tooFast().minMedianMillisPerItem(),
                        c.tooFast().minItems(), c.tooFast().flagHours().orElse(null)) : null,
                c.dailyCap().enabled() ? new QualityRules.DailyCap(c.dailyCap().maxItemsPerDay(),
                        c.dailyCap().newForDays()) : null);
    }
}
