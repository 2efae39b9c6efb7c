package dev.crowd.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Parameters of the trust formula (see {@code TrustFormula} and docs/worker-service.md). */
@ConfigMapping(prefix = "crowd.trust")
public interface TrustConfig {

    /** Prior mean of gold accuracy and of agreement for an annotator with no history, 0..1. */
    @WithDefault("0.7")
    double prior();

    /** Weight of the prior in pseudo-answers: how much evidence it takes to move away from it. */
    @WithDefault("10")
    double priorStrength();

    /** Weight of the gold accuracy component. */
    @WithDefault("0.6")
    double goldWeight();

    /** Weight of the agreement-with-consensus component. */
    @WithDefault("0.3")
    double agreementWeight();

    /** Weight of the volume component. */
    @WithDefault("0.1")
    double volumeWeight();

    /** Answers at which the volume component reaches one half. */
    @WithDefault("100")
    double volumeHalf();
}
