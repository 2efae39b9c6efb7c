package dev.crowd.payment.ledger;

/**
 * Walks the chain in order, entry by entry, recomputing each hash. Feed it every entry from the first;
 * after the last, {@link #problem()} is null when the chain verifies.
 */
public final class ChainVerifier {

    private String previousHash = ChainHash.GENESIS;
    private long expectedSeq = 1;
    private long verified;
    private String problem;

    /** Checks the next entry; returns false (and remembers why) at the first break. */
    public boolean accept(ChainHash.Content content, String storedPreviousHash, String storedHash) {
        if (problem != null) {
            return false;
        }
        if (content.seq() != expectedSeq) {
            problem = "entry " + expectedSeq + " is missing (found " + content.seq() + ")";
            return false;
        }
        if (!previousHash.equals(storedPreviousHash)) {
            problem = "entry " + content.seq() + " does not point to the hash of entry " + (content.seq() - 1);
            return false;
        }
        if (!ChainHash.of(previousHash, content).equals(storedHash)) {
            problem = "entry " + content.seq() + " was altered: its content no longer matches its hash";
            return false;
        }
        previousHash = storedHash;
        expectedSeq++;
        verified++;
        return true;
    }

    /** Also checks the chain head (last position and hash) the database keeps. */
    public boolean acceptHead(long headSeq, String headHash) {
        if (problem != null) {
            return false;
        }
        if (headSeq != expectedSeq - 1 || !headHash.equals(previousHash)) {
            problem = "the chain head (entry " + headSeq + ") does not match the last entry (" + (expectedSeq - 1) + ")";
            return false;
        }
        return true;
    }

    public long verified() {
        return verified;
    }

    public String problem() {
        return problem;
    }
}
