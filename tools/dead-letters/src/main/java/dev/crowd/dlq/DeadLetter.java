package dev.crowd.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of a {@code crowd.dlq.<service>} topic, as SmallRye's {@code dead-letter-queue} failure
 * strategy wrote it: the original key and payload, the original record's headers (CloudEvents
 * {@code ce_*}), and {@code dead-letter-*} headers saying where it came from and why it failed.
 *
 * @param eventId   the payload's {@code eventId}, or null when the payload is not an event
 * @param eventType the payload's {@code type} (the event record's simple name), or null
 */
record DeadLetter(String topic, int partition, long offset, Instant deadLetteredAt, String key, String payload,
                  Headers headers, String originTopic, Integer originPartition, Long originOffset,
                  String eventType, String eventId, String reason, String cause) {

    // SmallRye's names (io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue)
    static final String DEAD_LETTER_PREFIX = "dead-letter-";
    static final String REASON = "dead-letter-reason";
    static final String CAUSE = "dead-letter-cause";
    static final String ORIGIN_TOPIC = "dead-letter-topic";
    static final String ORIGIN_PARTITION = "dead-letter-partition";
    static final String ORIGIN_OFFSET = "dead-letter-offset";

    private static final ObjectMapper JSON = new ObjectMapper();

    static DeadLetter of(ConsumerRecord<String, String> record) {
        String eventId = null;
        String eventType = null;
        try {
            JsonNode event = record.value() == null ? null : JSON.readTree(record.value());
            if (event != null && event.isObject()) {
                eventId = text(event.get("eventId"));
                eventType = text(event.get("type"));
            }
        } catch (Exception notJson) {
            // listed as not an event; replay skips it
        }
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(), record.headers(),
                header(record.headers(), ORIGIN_TOPIC), integer(header(record.headers(), ORIGIN_PARTITION)),
                longValue(header(record.headers(), ORIGIN_OFFSET)), eventType, eventId,
                header(record.headers(), REASON), header(record.headers(), CAUSE));
    }

    /** {@code topic/partition/offset} of this dead letter: the value of the replay's {@code crowd-replayed-from}. */
    String where() {
        return topic + "/" + partition + "/" + offset;
    }

    /** {@code topic/partition/offset} of the record that failed, as far as the headers tell. */
    String origin() {
        if (originTopic == null) {
            return "?";
        }
        return originTopic + "/" + (originPartition == null ? "?" : originPartition) + "/"
                + (originOffset == null ? "?" : originOffset);
    }

    /** Why this dead letter cannot be replayed, or null when it can. */
    String notReplayable() {
        if (originTopic == null) {
            return "no " + ORIGIN_TOPIC + " header, so no topic to send it back to";
        }
        if (eventId == null) {
            // every consumer group of the topic would fail to decode it and dead-letter it again
            return "the payload is not an event (no eventId)";
        }
        return null;
    }

    /** The failure in one line: the reason, and the cause when it adds something. */
    String failure() {
        String text = reason == null ? "" : reason;
        if (cause != null && !cause.isBlank() && !text.contains(cause)) {
            text = text.isEmpty() ? cause : text + " (cause: " + cause + ")";
        }
        return text.replaceAll("\\s+", " ").strip();
    }

    static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() || node.asText().isBlank() ? null : node.asText();
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String value) {
        try {
            return value == null ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
