package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One demo job on a running stack, entirely through the gateway with real Keycloak tokens: an admin
 * deposits for the requester, the requester creates, fills and submits a job, a simulated workforce
 * labels it concurrently, and the simulation scores the outcome against its hidden truth.
 *
 * <p>Annotators behave like careful clients of a real platform: they retry a submit whose answer was
 * lost (the platform deduplicates it), back off on 429 and 5xx, stop when the platform blocks them, and
 * count an answer as delivered only when the platform said 200. That makes the simulation usable while
 * services are being killed and restarted (the crash tests).
 */
public final class Simulation {

    /** What to simulate. {@code thinkScale} shrinks the annotators' real think time (1.0 = real time). */
    public record Options(String gateway, String keycloak, String keycloakAdminPassword, int items, int workers,
                          double spammers, double adversarial, double noisy, long seed, double goldShare,
                          int microJobSize, int overlapMin, int overlapMax, double targetConfidence, long reward,
                          double thinkScale, Duration timeout) {

        public static Options defaults(String gateway, String keycloak) {
            return new Options(gateway, keycloak, "admin", 2_000, 200, 0.10, 0.03, 0.15, 42, 0.05,
                    4, 3, 5, 0.9, 100, 0.01, Duration.ofMinutes(20));
        }

        public Options withSize(int items, int workers) {
            return new Options(gateway, keycloak, keycloakAdminPassword, items, workers, spammers, adversarial, noisy, seed,
                    goldShare, microJobSize, overlapMin, overlapMax, targetConfidence, reward, thinkScale, timeout);
        }

        public Options withSpammers(double share) {
            return new Options(gateway, keycloak, keycloakAdminPassword, items, workers, share, adversarial, noisy, seed,
                    goldShare, microJobSize, overlapMin, overlapMax, targetConfidence, reward, thinkScale, timeout);
        }

        public Options withSeed(long s) {
            return new Options(gateway, keycloak, keycloakAdminPassword, items, workers, spammers, adversarial, noisy, s,
                    goldShare, microJobSize, overlapMin, overlapMax, targetConfidence, reward, thinkScale, timeout);
        }

        public Options withTimeout(Duration t) {
            return new Options(gateway, keycloak, keycloakAdminPassword, items, workers, spammers, adversarial, noisy, seed,
                    goldShare, microJobSize, overlapMin, overlapMax, targetConfidence, reward, thinkScale, t);
        }

        /** Gold items per micro-job: one, so every claim doubles as a check. */
        int goldPerMicroJob() {
            return goldShare > 0 ? 1 : 0;
        }
    }

    /** A live reading of the job, for the progress bar. */
    public record Progress(String status, long items, long resolved, long judgments, String spent, int blocked,
                           long delivered, Duration elapsed) {
    }

    private final Options options;
    private final Api api;
    private final Identities identities;
    private final SampleJob sample;
    private final GoldLeakCheck goldCheck;
    private final String runTag;

    private Identities.Session requester;
    private Identities.Session admin;
    private final List<Annotator> annotators = new ArrayList<>();
    private String jobId;
    private Instant activatedAt;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile JsonNode lastJob;
    private ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicLong transientErrors = new AtomicLong();
    private volatile java.util.function.LongConsumer roundTrips = nanos -> { };
    private volatile long lastAnswerAt;

    public Simulation(Options options) {
        this.options = options;
        this.api = new Api(options.gateway());
        this.identities = new Identities(api, options.keycloak(), options.keycloakAdminPassword());
        this.sample = SampleJob.generate(options.items(), options.goldShare(), options.seed());
        this.goldCheck = new GoldLeakCheck(SampleJob.LABELS);
        // Fresh annotators per run: their trust, sanctions and balances describe this run only.
        this.runTag = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000_000L, 36);
    }

    public Options options() {
        return options;
    }

    public String jobId() {
        return jobId;
    }

    public SampleJob sample() {
        return sample;
    }

    public Api api() {
        return api;
    }

    public Identities.Session admin() {
        return admin;
    }

    public Identities.Session requester() {
        return requester;
    }

    public List<Annotator> annotators() {
        return Collections.unmodifiableList(annotators);
    }

    // --- preparation ---------------------------------------------------------------------------------

    /** Signs everyone in, creates the annotators, funds the requester, and starts the job (ACTIVE). */
    public void prepare(Consumer<String> say) {
        requester = identities.demoUser("rita");
        admin = identities.demoUser("ada");
        say.accept("signing in " + options.workers() + " simulated annotators at Keycloak ...");
        createAnnotators();
        long price = price();
        say.accept("depositing " + Money.format(price) + " for the requester (the job's exact price)");
        deposit(price);
        say.accept("creating the job: " + sample.regularCount() + " items + " + sample.goldCount() + " gold, "
                + SampleJob.LABELS.size() + " labels");
        createAndSubmitJob();
        say.accept("job " + jobId + " is ACTIVE");
    }

    private void createAnnotators() {
        int n = options.workers();
        List<Annotator> made = Collections.synchronizedList(new ArrayList<>());
        // A few at a time: Keycloak hashes every password, which is CPU-bound.
        try (ExecutorService signUps = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(signUps.submit(() -> {
                    Persona persona = Persona.of(index, n, options.spammers(), options.adversarial(), options.noisy());
                    String name = String.format("sim-%s-%03d", runTag, index + 1);
                    String password = name + "-local-only";
                    retrying(() -> identities.ensureAnnotator(name, password));
                    Identities.Session session = retrying(() -> identities.signIn(name, password));
                    made.add(new Annotator(this, index, name, persona, session, new Random(options.seed() * 31 + index)));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create the simulated annotators", e);
        }
        made.sort((a, b) -> Integer.compare(a.index, b.index));
        annotators.addAll(made);
        for (Annotator a : annotators) {
            retrying(() -> api.put("/api/workers/me", a.session.token(), Map.of(
                    "displayName", a.name, "languages", List.of("en"), "skills", List.of(),
                    "country", "DE", "timezone", "Europe/Berlin")).expect(200, 201));
        }
    }

    /** The job's price, as task-service computes it on submit (see docs/task-service.md, Pricing). */
    long price() {
        long regular = sample.regularCount() * options.overlapMax();
        long microJobs = (sample.regularCount() + options.microJobSize() - 1) / options.microJobSize();
        long gold = microJobs * options.overlapMax() * options.goldPerMicroJob();
        long fee = (options.reward() * 2000 + 5000) / 10_000;
        return (regular + gold) * (options.reward() + fee);
    }

    private void deposit(long amount) {
        String requesterId = requester.subject();
        api.post("/api/payments/admin/deposits", admin.token(),
                Map.of("requesterId", requesterId, "amount", amount, "currency", "EUR",
                        "reference", "demo run " + runTag),
                Map.of("Idempotency-Key", "demo-" + runTag)).expect(200, 201);
    }

    private void createAndSubmitJob() {
        List<Map<String, Object>> labels = new ArrayList<>();
        for (String label : SampleJob.LABELS) {
            labels.add(Map.of("key", label, "displayName", Character.toUpperCase(label.charAt(0)) + label.substring(1),
                    "hotkey", Integer.toString(labels.size() + 1)));
        }
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("title", "Product review sentiment (demo " + runTag + ")");
        job.put("instructions", "Read the review. Pick **positive**, **negative**, **neutral** or **mixed**.");
        job.put("taskType", "SINGLE_LABEL");
        job.put("labels", labels);
        job.put("overlap", Map.of("min", options.overlapMin(), "max", options.overlapMax(),
                "targetConfidence", options.targetConfidence()));
        job.put("reward", Map.of("amount", options.reward(), "currency", "EUR"));
        job.put("microJobSize", options.microJobSize());
        job.put("leaseSeconds", 120);
        job.put("goldPerMicroJob", options.goldPerMicroJob());
        Api.Reply created = api.post("/api/tasks/jobs", requester.token(), job).expect(201);
        String location = created.header("Location");
        jobId = location.substring(location.lastIndexOf('/') + 1);

        // The demo job's own quality rules: a job this small gives each annotator only a handful of gold
        // answers, fewer than the platform default needs before it may act.
        api.put("/api/workers/admin/quality-rules/jobs/" + jobId, admin.token(), Map.of(
                "jobGoldAccuracy", Map.of("minAccuracy", 0.5, "minGoldAnswers", 4),
                "tooFast", Map.of("minMedianMillisPerItem", 1500, "minItems", 10, "flagHours", 24))).expect(200, 201, 204);

        api.postRaw("/api/tasks/jobs/" + jobId + "/items", requester.token(), "application/x-ndjson", sample.jsonl())
                .expect(200, 201);
        api.post("/api/tasks/jobs/" + jobId + "/submit", requester.token(), null).expect(200, 202);
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            JsonNode j = job();
            String status = j.path("status").asText();
            if ("ACTIVE".equals(status)) {
                activatedAt = Instant.now();
                return;
            }
            if ("REJECTED".equals(status) || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the job did not become ACTIVE: " + j);
            }
            sleep(300);
        }
    }

    /** The requester's view of the job (status and progress). */
    public JsonNode job() {
        JsonNode j = retrying(() -> api.get("/api/tasks/jobs/" + jobId, requester.token()).expect(200).body());
        lastJob = j;
        return j;
    }

    // --- the workforce -------------------------------------------------------------------------------

    /** Starts every annotator on its own virtual thread; returns at once. */
    public void startWorkforce() {
        pool = Executors.newVirtualThreadPerTaskExecutor();
        for (Annotator a : annotators) {
            running.add(pool.submit(() -> a.work()));
        }
    }

    /**
     * Waits until the job is COMPLETED (or the timeout), reporting progress about once a second; then
     * stops the annotators. Returns true if the job completed.
     */
    public boolean awaitCompletion(Consumer<Progress> progress) {
        long deadline = System.currentTimeMillis() + options.timeout().toMillis();
        Instant started = Instant.now();
        boolean completed = false;
        while (System.currentTimeMillis() < deadline) {
            JsonNode j;
            try {
                j = job();
            } catch (RuntimeException stackDown) {
                sleep(1000);
                continue;
            }
            JsonNode p = j.path("progress");
            progress.accept(new Progress(j.path("status").asText(), p.path("itemsTotal").asLong(),
                    p.path("itemsResolved").asLong(), p.path("judgments").asLong(),
                    Money.format(p.path("spent").path("amount").asLong()), blockedCount(), deliveredAnswers(),
                    Duration.between(started, Instant.now())));
            if ("COMPLETED".equals(j.path("status").asText())) {
                completed = true;
                break;
            }
            sleep(1000);
        }
        stopWorkforce();
        return completed;
    }

    public void stopWorkforce() {
        finished.set(true);
        if (pool != null) {
            for (Future<?> f : running) {
                try {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    f.cancel(true);
                }
            }
            pool.shutdownNow();
        }
    }

    /** True once the workforce was told to stop (the job completed or the time ran out). */
    public boolean finished() {
        return finished.get();
    }

    int blockedCount() {
        int n = 0;
        for (Annotator a : annotators) {
            if (a.blockedReason != null) {
                n++;
            }
        }
        return n;
    }

    /** Answers the platform acknowledged with a 200 (each assignment counted once). */
    public long deliveredAnswers() {
        long n = 0;
        for (Annotator a : annotators) {
            n += a.delivered.get();
        }
        return n;
    }

    /** Told the duration (ns) of every claim + submit round trip that the platform accepted. */
    public void onRoundTrip(java.util.function.LongConsumer listener) {
        this.roundTrips = listener;
    }

    /** When the last acknowledged answer came back (epoch ms), 0 before the first. */
    public long lastAnswerAt() {
        return lastAnswerAt;
    }

    public long transientErrors() {
        return transientErrors.get();
    }

    public GoldLeakCheck goldCheck() {
        return goldCheck;
    }

    // --- outcome (see Outcome) ------------------------------------------------------------------------

    /** The platform's answers after the run: results, quality, pay, sanctions, ledger. */
    public Report report(boolean completed) {
        return Outcome.report(this, completed);
    }

    /** Waits until every annotator's accepted answers are paid (or the time is up). */
    public boolean awaitPaymentsSettled(Duration timeout) {
        return Outcome.awaitPaymentsSettled(this, timeout);
    }

    Instant activatedAt() {
        return activatedAt;
    }

    void transientError() {
        transientErrors.incrementAndGet();
    }

    /** An acknowledged round trip of {@code nanos}; returns when it ended (epoch ms). */
    long answered(long nanos) {
        roundTrips.accept(nanos);
        lastAnswerAt = System.currentTimeMillis();
        return lastAnswerAt;
    }

    // --- helpers -------------------------------------------------------------------------------------

    /** Repeats a call that failed because a component is restarting (connection refused, 5xx), up to 2 min. */
    <T> T retrying(java.util.concurrent.Callable<T> call) {
        return Calls.retrying(transientErrors, call);
    }

    static void sleep(long millis) {
        Calls.sleep(millis);
    }

    /** Per persona: how many annotators, and their shares; handy for tests. */
    public Map<Persona, Integer> personaCounts() {
        Map<Persona, Integer> counts = new HashMap<>();
        for (Annotator a : annotators) {
            counts.merge(a.persona, 1, Integer::sum);
        }
        return counts;
    }
}
