package dev.crowd.contracts.workers;

/** Platform-wide standing of an annotator. */
public enum WorkerStatus {
    /** May claim work. */
    ACTIVE,
    /** Temporarily kept from all work (until the sanction expires or an admin reinstates). */
    SUSPENDED,
    /** Removed from the platform; sign-in disabled. */
    BANNED
}
