package dev.crowd.platform.testapp;

import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.jobs.JobEvent;
import dev.crowd.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Records every applied event in applied_event; an event whose reason starts with "always-fails" never applies. */
@ApplicationScoped
public class TestJobConsumer {

    private final Inbox inbox;

    public TestJobConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("test-jobs")
    public Uni<Void> onJobEvent(Message<String> message) {
        return inbox.handle(message, JobEvent.class, event -> event instanceof JobCancelled, event -> switch (event) {
            case JobCancelled cancelled when cancelled.reason().startsWith("always-fails") ->
                    Uni.createFrom().failure(new IllegalStateException("this event cannot be applied"));
            case JobCancelled cancelled -> record(cancelled);
            default -> Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> record(JobCancelled event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into applied_event (event_id, job_id, title) values (?1, ?2, ?3)")
                        .setParameter(1, event.eventId())
                        .setParameter(2, event.jobId())
                        .setParameter(3, event.reason())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
