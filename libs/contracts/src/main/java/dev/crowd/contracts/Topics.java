package dev.crowd.contracts;

/** Topic names of DESIGN.md. Each topic's key is named in the javadoc of its sealed event interface. */
public final class Topics {
    public static final String JOBS = "crowd.jobs";
    public static final String WORK = "crowd.work";
    public static final String QUALITY = "crowd.quality";
    public static final String WORKERS = "crowd.workers";
    public static final String PAYMENTS = "crowd.payments";

    /** Every topic with the sealed event type it carries, for decoding and for creating topics. */
    public static final java.util.Map<String, Class<? extends CrowdEvent>> EVENT_TYPES = java.util.Map.of(
            JOBS, dev.crowd.contracts.jobs.JobEvent.class,
            WORK, dev.crowd.contracts.work.WorkEvent.class,
            QUALITY, dev.crowd.contracts.quality.QualityEvent.class,
            WORKERS, dev.crowd.contracts.workers.WorkerEvent.class,
            PAYMENTS, dev.crowd.contracts.payments.PaymentEvent.class);

    /** Partitions per topic: a service scales out to this many consumers. */
    public static final int DEFAULT_PARTITIONS = 12;

    /** The sealed event type carried by {@code topic}. */
    public static Class<? extends CrowdEvent> eventTypeOf(String topic) {
        Class<? extends CrowdEvent> type = EVENT_TYPES.get(topic);
        if (type == null) {
            throw new IllegalArgumentException("unknown topic " + topic);
        }
        return type;
    }

    /** Dead letters of one consuming service: {@code crowd.dlq.<service>}. */
    public static String deadLetter(String service) {
        return "crowd.dlq." + service;
    }

    private Topics() {
    }
}
