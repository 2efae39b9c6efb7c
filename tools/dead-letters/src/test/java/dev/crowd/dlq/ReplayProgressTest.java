package dev.crowd.dlq;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replay progress as committed: an offset, plus the dead letters replayed one by one beyond it. */
class ReplayProgressTest {

    @Test
    void nothingCommittedMeansNothingReplayed() {
        assertThat(ReplayProgress.of(null).replayed(0)).isFalse();
    }

    @Test
    void oneReplayedAheadIsKeptInTheMetadataUntilTheGapCloses() {
        ReplayProgress progress = ReplayProgress.NONE.with(List.of(2L));
        assertThat(progress.toCommit()).isEqualTo(new OffsetAndMetadata(0, "replayed=2"));
        assertThat(progress.replayed(2)).isTrue();
        assertThat(progress.replayed(1)).isFalse();

        ReplayProgress closed = ReplayProgress.of(progress.toCommit()).with(List.of(0L, 1L));
        assertThat(closed.toCommit()).isEqualTo(new OffsetAndMetadata(3, ""));
    }

    @Test
    void upToAnEndKeepsOnlyWhatLiesBeyondIt() {
        ReplayProgress progress = ReplayProgress.of(new OffsetAndMetadata(1, "replayed=4,9")).upTo(5);
        assertThat(progress.toCommit()).isEqualTo(new OffsetAndMetadata(5, "replayed=9"));
    }

    @Test
    void foreignMetadataIsIgnored() {
        ReplayProgress progress = ReplayProgress.of(new OffsetAndMetadata(7, "written by someone else"));
        assertThat(progress.replayed(6)).isTrue();
        assertThat(progress.replayed(7)).isFalse();
    }
}
