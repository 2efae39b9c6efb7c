package dev.crowd.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.crowd.contracts.jobs.GoldRegistered;
import dev.crowd.contracts.jobs.JobEvent;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.jobs.OverlapPolicy;
import dev.crowd.contracts.payments.JobFunded;
import dev.crowd.contracts.payments.PaymentEvent;
import dev.crowd.contracts.payments.PayoutCompleted;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.contracts.quality.QualityEvent;
import dev.crowd.contracts.work.AssignmentSubmitted;
import dev.crowd.contracts.work.WorkEvent;
import dev.crowd.contracts.workers.WorkerEvent;
import dev.crowd.contracts.workers.WorkerProfileChanged;
import dev.crowd.contracts.workers.WorkerStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire form every service relies on: type discriminator, version, keys and a lossless round trip. */
class EventJsonTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Instant now = Instant.parse("2026-11-28T10:15:30Z");
    private final UUID jobId = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

    @Test
    void jobSubmittedRoundTripsWithTypeAndVersion() throws Exception {
        Money reward = new Money(500, "EUR");
        JobSubmitted event = new JobSubmitted(UUID.randomUUID(), now, jobId, "rita", "Cats", "SINGLE_LABEL",
                List.of("cat", "dog"), 100, 10, new OverlapPolicy(3, 5, 0.9), reward,
                reward.percentBasisPoints(2000), 550, reward.plus(reward.percentBasisPoints(2000)).times(550));

        String json = mapper.writerFor(JobEvent.class).writeValueAsString(event);
        JsonNode tree = mapper.readTree(json);

        assertThat(tree.get("type").asText()).isEqualTo("JobSubmitted");
        assertThat(tree.get("version").asInt()).isEqualTo(1);
        assertThat(tree.get("budget").get("amount").asLong()).isEqualTo(330_000);
        assertThat(tree.get("budget").size()).as("only amount and currency on the wire").isEqualTo(2);
        assertThat(mapper.readValue(json, JobEvent.class)).isEqualTo(event);
        assertThat(event.key()).isEqualTo(jobId.toString());
        assertThat(event.topic()).isEqualTo(Topics.JOBS);
        assertThat(event.cloudEventType()).isEqualTo("crowd.jobs.JobSubmitted.v1");
    }

    @Test
    void everyTopicDecodesItsOwnSealedType() throws Exception {
        List<CrowdEvent> events = List.of(
                new GoldRegistered(UUID.randomUUID(), now, jobId, 0, 1,
                        List.of(new GoldRegistered.GoldItem(UUID.randomUUID(), "cat"))),
                new AssignmentSubmitted(UUID.randomUUID(), now, jobId, UUID.randomUUID(), "anna",
                        List.of(new AssignmentSubmitted.Answer(UUID.randomUUID(), "dog", 1200))),
                new AnswersReviewed(UUID.randomUUID(), now, jobId, false, List.of(
                        new AnswersReviewed.Verdict(UUID.randomUUID(), UUID.randomUUID(), "anna", false, "gold: expected cat"))),
                new WorkerProfileChanged(UUID.randomUUID(), now, "anna", WorkerStatus.SUSPENDED, 12,
                        Set.of("images"), Set.of(), Set.of(jobId), "gold accuracy 0.40 after 20 gold answers"),
                new JobFunded(UUID.randomUUID(), now, jobId, "rita", new Money(330_000, "EUR")),
                new PayoutCompleted(UUID.randomUUID(), now, UUID.randomUUID(), "anna", new Money(100_000, "EUR")));

        for (CrowdEvent event : events) {
            Class<? extends CrowdEvent> type = Topics.eventTypeOf(event.topic());
            String json = mapper.writerFor(type).writeValueAsString(event);
            assertThat(mapper.readValue(json, type)).as(json).isEqualTo(event);
        }
        assertThat(Topics.eventTypeOf(Topics.WORK)).isEqualTo(WorkEvent.class);
        assertThat(Topics.eventTypeOf(Topics.QUALITY)).isEqualTo(QualityEvent.class);
        assertThat(Topics.eventTypeOf(Topics.WORKERS)).isEqualTo(WorkerEvent.class);
        assertThat(Topics.eventTypeOf(Topics.PAYMENTS)).isEqualTo(PaymentEvent.class);
        assertThat(events.get(5).key()).as("payouts are keyed by worker").isEqualTo("anna");
    }
}
