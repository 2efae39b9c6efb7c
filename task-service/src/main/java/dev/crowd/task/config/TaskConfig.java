package dev.crowd.task.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** task-service settings ({@code crowd.task.*}). */
@ConfigMapping(prefix = "crowd.task")
public interface TaskConfig {

    /** Platform fee on every judgment, in basis points of the reward (2000 = 20%). */
    @WithDefault("2000")
    int feeBasisPoints();

    /** The deployment's one currency (ISO 4217); rewards in another currency are refused. */
    @WithDefault("EUR")
    String currency();

    /** Item uploads. */
    Imports imports();

    /** Claims and leases. */
    Claims claims();

    /** Group commit of the claim and submit writes (see {@code GroupCommit}). */
    GroupCommit groupCommit();

    /** Request bodies other than uploads. */
    Http http();

    /** Gold labels are sent to qa-service in GoldRegistered chunks of this many items. */
    @WithDefault("1000")
    int goldChunkSize();

    interface Http {
        /** Largest body of every endpoint but the item upload, chunked or not; larger ones get 413. */
        @WithDefault("1048576")
        long maxJsonBytes();
    }

    interface Imports {
        /** Largest accepted upload body in bytes; larger ones get 413. */
        @WithDefault("268435456")
        long maxBytes();

        /** Most items (gold included) one job may hold; an upload crossing it is refused whole (400). */
        @WithDefault("2000000")
        long maxItemsPerJob();

        /** Most bad rows listed in an upload's error report. */
        @WithDefault("100")
        int maxErrors();

        /** Largest accepted single line (JSONL/CSV row) or Label Studio task in characters. */
        @WithDefault("1048576")
        int maxLineChars();
    }

    interface Claims {
        /** Open micro-jobs a claim inspects per job before giving up on that job for this annotator. */
        @WithDefault("500")
        int scanLimit();

        /** Most live leases one annotator may hold at once; a claim beyond it is 429 {@code too-many-leases}. */
        @WithDefault("3")
        int maxActiveLeases();

        /** How often expired leases are looked for. */
        @WithDefault("1s")
        Duration sweepInterval();

        /** Most expired leases handled per sweep. */
        @WithDefault("500")
        int sweepBatch();

        /**
         * How long a claim taken in Redis may wait for its lease in PostgreSQL before it counts as lost
         * (the service died between the two) and its slot is given back. Far above a claim's duration.
         */
        @WithDefault("30s")
        Duration pendingGrace();

        /** How often pending claims are looked at (see {@code ClaimReconciler}). */
        @WithDefault("10s")
        Duration reconcileInterval();
    }

    interface GroupCommit {
        /** Whether concurrent lease and submit writes are coalesced into multi-row statements. */
        @WithDefault("true")
        boolean enabled();

        /** Most writes in one batch (one statement, one transaction). */
        @WithDefault("64")
        int maxBatch();

        /** Most batches of one kind (leases, submits) running at once; the rest wait and are coalesced. */
        @WithDefault("2")
        int maxInFlight();
    }
}
