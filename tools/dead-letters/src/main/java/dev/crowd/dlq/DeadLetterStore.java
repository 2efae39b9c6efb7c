package dev.crowd.dlq;

import dev.crowd.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The Kafka side of {@code ./crowd dlq}: reads a dead-letter topic to its current end, reads and commits
 * replay progress in the consumer group {@code crowd-dlq-replay.<service>}, and sends dead letters back to
 * their original topics through an idempotent producer with {@code acks=all}. Every wait is bounded by
 * the timeout; an unreachable broker is a {@link CliException}, not a hang.
 */
final class DeadLetterStore implements AutoCloseable {

    /** The header a replayed record carries: {@code <dlq topic>/<partition>/<offset>} of its dead letter. */
    static final String REPLAYED_FROM = "crowd-replayed-from";
    static final String TOPIC_PREFIX = Topics.deadLetter("");

    /** What one read of a dead-letter topic found. */
    record Snapshot(String topic, List<DeadLetter> letters, Map<Integer, ReplayProgress> progress,
                    Map<Integer, Long> ends) {

        ReplayProgress progress(int partition) {
            return progress.getOrDefault(partition, ReplayProgress.NONE);
        }

        boolean replayed(DeadLetter letter) {
            return progress(letter.partition()).replayed(letter.offset());
        }
    }

    /** The outcome of sending one dead letter back: the broker's acknowledgement or the failure. */
    record Sent(DeadLetter letter, RecordMetadata acknowledged, Exception failure) {
    }

    private final String bootstrap;
    private final Map<String, String> security;
    private final Duration timeout;
    private Admin admin;
    private KafkaProducer<String, String> producer;

    /** {@code security}: the SASL client settings (security.protocol, sasl.*) of the admin principal. */
    DeadLetterStore(String bootstrap, Map<String, String> security, Duration timeout) {
        this.bootstrap = bootstrap;
        this.security = Map.copyOf(security);
        this.timeout = timeout;
    }

    static String groupOf(String service) {
        return "crowd-dlq-replay." + service;
    }

    /** The names of the dead-letter topics on the broker. */
    Set<String> deadLetterTopics() {
        return await(admin().listTopics().names(), "listing topics").stream()
                .filter(name -> name.startsWith(TOPIC_PREFIX))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every record of {@code topic} up to its end when the read began, with the replay progress of {@code group}. */
    Snapshot read(String topic, String group) {
        TopicDescription description = await(admin().describeTopics(List.of(topic)).allTopicNames(),
                "describing " + topic).get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(TopicPartitionInfo::partition).sorted()
                .map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = await(
                admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "reading the progress of " + group);
        Map<Integer, ReplayProgress> progress = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (tp.topic().equals(topic) && offset != null) {
                progress.put(tp.partition(), ReplayProgress.of(offset));
            }
        });

        List<DeadLetter> letters = new ArrayList<>();
        Map<Integer, Long> ends = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Set<TopicPartition> remaining = new HashSet<>();
            for (TopicPartition tp : partitions) {
                ends.put(tp.partition(), end.get(tp));
                consumer.seek(tp, begin.get(tp));
                if (begin.get(tp) < end.get(tp)) {
                    remaining.add(tp);
                }
            }
            consumer.pause(partitions.stream().filter(tp -> !remaining.contains(tp)).toList());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!remaining.isEmpty()) {
                boolean progressed = false;
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        letters.add(DeadLetter.of(record));
                        progressed = true;
                    }
                }
                for (TopicPartition tp : List.copyOf(remaining)) {
                    if (consumer.position(tp, timeout) >= end.get(tp)) {
                        remaining.remove(tp);
                        consumer.pause(List.of(tp));
                        progressed = true;
                    }
                }
                if (progressed) {
                    deadline = System.nanoTime() + timeout.toNanos();
                } else if (System.nanoTime() > deadline) {
                    throw CliException.failed("reading " + topic + " from Kafka at " + bootstrap + " made no progress for "
                            + timeout.toSeconds() + " s");
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable("reading " + topic);
        }
        letters.sort(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
        return new Snapshot(topic, letters, progress, ends);
    }

    /**
     * Sends each dead letter to its original topic: the original key, payload and headers, without the
     * {@code dead-letter-*} ones, plus {@link #REPLAYED_FROM}. Waits for every acknowledgement.
     */
    List<Sent> send(List<DeadLetter> letters) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (DeadLetter letter : letters) {
            try {
                acks.add(producer().send(replayOf(letter)));
            } catch (KafkaException e) {
                acks.add(CompletableFuture.failedFuture(e));
            }
        }
        producer().flush();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < letters.size(); i++) {
            try {
                sent.add(new Sent(letters.get(i), acks.get(i).get(), null));
            } catch (ExecutionException e) {
                sent.add(new Sent(letters.get(i), null, e.getCause() instanceof Exception cause ? cause : e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.failed("interrupted while waiting for Kafka");
            }
        }
        return sent;
    }

    static ProducerRecord<String, String> replayOf(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            if (!header.key().startsWith(DeadLetter.DEAD_LETTER_PREFIX) && !header.key().equals(REPLAYED_FROM)) {
                headers.add(header.key(), header.value());
            }
        }
        headers.add(REPLAYED_FROM, letter.where().getBytes(StandardCharsets.UTF_8));
        // the key picks the partition, as it did for the original; a record without key goes back where it was
        Integer partition = letter.key() == null ? letter.originPartition() : null;
        return new ProducerRecord<>(letter.originTopic(), partition, letter.key(), letter.payload(), headers);
    }

    /** Commits the progress of {@code topic}'s partitions in {@code group}. */
    void commit(String group, String topic, Map<Integer, ReplayProgress> progress) {
        if (progress.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((partition, p) -> offsets.put(new TopicPartition(topic, partition), p.toCommit()));
        await(admin().alterConsumerGroupOffsets(group, offsets).all(), "committing the progress of " + group);
    }

    private Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.putAll(security);
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "crowd-dlq");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            admin = create(() -> Admin.create(props));
        }
        return admin;
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.putAll(security);
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "crowd-dlq-replay");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 3);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = create(() -> new KafkaProducer<>(props));
        }
        return producer;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(security);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "crowd-dlq-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    private <T> T create(java.util.function.Supplier<T> client) {
        try {
            return client.get();
        } catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw CliException.failed("cannot use Kafka at '" + bootstrap + "': " + root.getMessage());
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(what);
            }
            throw CliException.failed(what + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted while " + what);
        }
    }

    private CliException unreachable(String what) {
        return CliException.failed("Kafka at " + bootstrap + " did not answer within " + timeout.toSeconds()
                + " s (" + what + "); is it running? (./crowd status), or pass --bootstrap HOST:PORT");
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
