package dev.crowd.consensus.typed;

import dev.crowd.answers.Answer;
import dev.crowd.answers.AnswerConfig;

/**
 * The consensus method production runs for each answer type: one place, used by qa-service and by
 * {@code ./crowd bench quality} as {@code method=default}.
 */
public final class TypedAggregators {

    private TypedAggregators() {
    }

    @SuppressWarnings("unchecked")
    public static <A extends Answer> TypedAggregator<A> productionDefault(AnswerConfig config) {
        return (TypedAggregator<A>) switch (config.type()) {
            case MULTI_LABEL -> new MultiLabelMajority(config.labels());
            case SPANS -> new SpanMajority();
            default -> throw new IllegalArgumentException("no typed consensus for " + config.type()
                    + " (single-label uses the categorical methods)");
        };
    }
}
