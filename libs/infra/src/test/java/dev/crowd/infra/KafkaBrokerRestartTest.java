package dev.crowd.infra;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack's broker: passwords kept in owner-only files, and a restart (crash drill) on the same data. */
class KafkaBrokerRestartTest {

    @Test
    void passwordsAreCreatedOnceReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        Map<String, String> first = KafkaBroker.passwords(dir.resolve("secrets"));
        Map<String, String> again = KafkaBroker.passwords(dir.resolve("secrets"));

        assertThat(first).containsOnlyKeys(KafkaAccess.principalNames()).isEqualTo(again);
        assertThat(first.get("task-service")).hasSize(48).isNotEqualTo(first.get("qa-service"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("secrets/task-service.password")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aRestartOnTheSameDataKeepsTheCredentialsAndTheRights(@TempDir Path dir) throws Exception {
        Map<String, String> passwords = KafkaBroker.randomPasswords();
        try (KafkaBroker broker = KafkaBroker.start(0, 0, dir, 1, passwords)) {
            send(broker, "task-service", KafkaAccess.JOBS);
        }
        try (KafkaBroker broker = KafkaBroker.start(0, 0, dir, 1, passwords)) {
            send(broker, "task-service", KafkaAccess.JOBS);
        }
    }

    private static void send(KafkaBroker broker, String principal, String topic) throws Exception {
        Map<String, Object> props = new HashMap<>(KafkaAccess.clientConfig(broker.bootstrap(), principal, broker.password(principal)));
        props.put("max.block.ms", "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(20, TimeUnit.SECONDS);
        }
    }
}
