package dev.crowd.payment.ledger;

/** The outcome of a posting: written now, found already written (a replay), or refused and nothing moved. */
public sealed interface PostResult {

    record Posted(PostedEntry entry) implements PostResult {
    }

    record Replayed(PostedEntry entry) implements PostResult {
    }

    record Refused(Shortfall shortfall) implements PostResult {
    }
}
