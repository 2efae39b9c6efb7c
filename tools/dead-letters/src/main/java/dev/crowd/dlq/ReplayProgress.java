package dev.crowd.dlq;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;

import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What has been replayed from one partition of a dead-letter topic, as committed in the consumer group
 * {@code crowd-dlq-replay.<service>}: every offset below {@code next}, plus the offsets listed in the
 * commit's metadata ({@code replayed=7,9}), which {@code replay --event} leaves behind when it replays
 * one dead letter ahead of older ones. The offset moves up over the listed ones as soon as they join it.
 *
 * @param next    the committed offset: the first dead letter not known to be replayed
 * @param further replayed offsets at or above {@code next}
 */
record ReplayProgress(long next, TreeSet<Long> further) {

    static final ReplayProgress NONE = new ReplayProgress(0, new TreeSet<>());
    private static final String PREFIX = "replayed=";

    static ReplayProgress of(OffsetAndMetadata committed) {
        if (committed == null) {
            return NONE;
        }
        TreeSet<Long> further = new TreeSet<>();
        String metadata = committed.metadata();
        if (metadata != null && metadata.startsWith(PREFIX) && metadata.length() > PREFIX.length()) {
            for (String offset : metadata.substring(PREFIX.length()).split(",")) {
                try {
                    further.add(Long.parseLong(offset.strip()));
                } catch (NumberFormatException ignored) {
                    // metadata written by something else: the committed offset alone still holds
                }
            }
        }
        return new ReplayProgress(committed.offset(), compact(committed.offset(), further).further());
    }

    boolean replayed(long offset) {
        return offset < next || further.contains(offset);
    }

    /** This progress plus {@code offsets}. */
    ReplayProgress with(Collection<Long> offsets) {
        TreeSet<Long> all = new TreeSet<>(further);
        offsets.stream().filter(o -> o >= next).forEach(all::add);
        return compact(next, all);
    }

    /** Everything below {@code end} replayed. */
    ReplayProgress upTo(long end) {
        return compact(Math.max(next, end), new TreeSet<>(further));
    }

    OffsetAndMetadata toCommit() {
        return new OffsetAndMetadata(next, further.isEmpty() ? ""
                : further.stream().map(String::valueOf).collect(Collectors.joining(",", PREFIX, "")));
    }

    private static ReplayProgress compact(long next, TreeSet<Long> offsets) {
        TreeSet<Long> rest = new TreeSet<>(offsets.tailSet(next, true));
        while (rest.remove(next)) {
            next++;
        }
        return new ReplayProgress(next, rest);
    }
}
