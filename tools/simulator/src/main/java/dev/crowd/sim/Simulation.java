package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
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
    public record Options(String gateway, String keycloak, String serviceSecret, int items, int workers,
                          double spammers, double adversarial, double noisy, long seed, double goldShare,
                          int microJobSize, int overlapMin, int overlapMax, double targetConfidence, long reward,
                          double thinkScale, Duration timeout) {

        public static Options defaults(String gateway, String keycloak) {
            return new Options(gateway, keycloak, "crowd-service-secret", 2_000, 200, 0.10, 0.03, 0.15, 42, 0.05,
                    4, 3, 5, 0.9, 100, 0.01, Duration.ofMinutes(20));
        }

        public Options withSize(int items, int workers) {
            return new Options(gateway, keycloak, serviceSecret, items, workers, spammers, adversarial, noisy, seed,
                    goldShare, microJobSize, overlapMin, overlapMax, targetConfidence, reward, thinkScale, timeout);
        }

        public Options withSpammers(double share) {
            return new Options(gateway, keycloak, serviceSecret, items, workers, share, adversarial, noisy, seed,
                    goldShare, microJobSize, overlapMin, overlapMax, targetConfidence, reward, thinkScale, timeout);
        }

        public Options withSeed(long s) {
            return new Options(gateway, keycloak, serviceSecret, items, workers, spammers, adversarial, noisy, s,
                    goldShare, microJobSize, overlapMin, overlapMax, targetConfidence, reward, thinkScale, timeout);
        }

        public Options withTimeout(Duration t) {
            return new Options(gateway, keycloak, serviceSecret, items, workers, spammers, adversarial, noisy, seed,
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
        this.identities = new Identities(api, options.keycloak(), options.serviceSecret());
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
                    made.add(new Annotator(index, name, persona, session, new Random(options.seed() * 31 + index)));
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
            retrying(() -> api.put("/api/workers/workers/me", a.session.token(), Map.of(
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

    /** A simulated annotator: claims, answers according to its persona, submits, until the job is done. */
    public final class Annotator {
        final int index;
        final String name;
        final Persona persona;
        final Identities.Session session;
        final Random random;
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong submits = new AtomicLong();
        volatile String blockedReason;
        private final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        /** When each acknowledged submission was answered (wall clock, ms) and how many items it held. */
        final java.util.concurrent.ConcurrentLinkedQueue<long[]> answered = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Annotator(int index, String name, Persona persona, Identities.Session session, Random random) {
            this.index = index;
            this.name = name;
            this.persona = persona;
            this.session = session;
            this.random = random;
        }

        public String name() {
            return name;
        }

        public Persona persona() {
            return persona;
        }

        public Identities.Session session() {
            return session;
        }

        public long delivered() {
            return delivered.get();
        }

        public String blockedReason() {
            return blockedReason;
        }

        /** Acknowledged submissions in the order given: {answered at (ms), items}. */
        public List<long[]> answered() {
            List<long[]> list = new ArrayList<>(answered);
            list.sort(java.util.Comparator.comparingLong(a -> a[0]));
            return list;
        }

        void work() {
            // Spread the start so the first claims do not all land in the same millisecond.
            sleep(random.nextInt(2000));
            long idle = 250; // backs off while there is nothing to do, as a polite client should
            while (!finished.get() && blockedReason == null) {
                Api.Reply claim;
                long claimedAt = System.nanoTime();
                try {
                    claim = api.post("/api/tasks/work/next?jobId=" + jobId, session.token(), null);
                } catch (RuntimeException down) {
                    transientErrors.incrementAndGet();
                    sleep(500 + random.nextInt(500));
                    continue;
                }
                goldCheck.inspect(claim, sample);
                switch (claim.status()) {
                    case 200 -> {
                        idle = 250;
                        answer(claim.body(), claimedAt);
                    }
                    case 204 -> {
                        sleep(idle + random.nextInt((int) idle));
                        idle = Math.min(idle * 2, 4_000);
                    }
                    case 403 -> blockedReason = claim.body().path("detail").asText("blocked");
                    case 429 -> sleep(retryAfterMillis(claim));
                    default -> {
                        // 5xx while a service restarts; anything else is a defect to surface.
                        if (claim.status() < 500 && claim.status() != 410 && claim.status() != 409) {
                            throw new IllegalStateException("claim answered " + claim.status() + ": " + claim.text());
                        }
                        transientErrors.incrementAndGet();
                        sleep(500 + random.nextInt(500));
                    }
                }
            }
        }

        private void answer(JsonNode assignment, long claimedAt) {
            String assignmentId = assignment.path("id").asText();
            List<Map<String, Object>> answers = new ArrayList<>();
            long thinking = 0;
            for (JsonNode item : assignment.path("items")) {
                SampleJob.Item truth = sample.byText(item.path("data").path("text").asText());
                if (truth == null) {
                    throw new IllegalStateException("an item the sample does not know: " + item);
                }
                long spent = persona.millisPerItem(random);
                thinking += spent;
                answers.add(Map.of("itemId", item.path("id").asText(),
                        "label", persona.answer(truth.truth(), SampleJob.LABELS, random),
                        "timeSpentMillis", spent));
            }
            sleep((long) (thinking * options.thinkScale()));
            Map<String, Object> body = Map.of("answers", answers);
            // The same answers again until the platform gives a definite reply: a replay is deduplicated.
            for (int attempt = 0; attempt < 120 && !Thread.currentThread().isInterrupted(); attempt++) {
                Api.Reply submit;
                try {
                    submit = api.post("/api/tasks/assignments/" + assignmentId + "/answers", session.token(), body);
                } catch (RuntimeException lost) {
                    transientErrors.incrementAndGet();
                    sleep(500 + random.nextInt(500));
                    continue;
                }
                goldCheck.inspect(submit, sample);
                submits.incrementAndGet();
                if (submit.status() == 200) {
                    if (acknowledged.putIfAbsent(assignmentId, Boolean.TRUE) == null) {
                        delivered.addAndGet(answers.size());
                        roundTrips.accept(System.nanoTime() - claimedAt);
                        lastAnswerAt = System.currentTimeMillis();
                        answered.add(new long[]{lastAnswerAt, answers.size()});
                    }
                    return;
                }
                if (submit.status() == 410 || submit.status() == 404) {
                    return; // the lease lapsed (or the job ended): the platform did not take these answers
                }
                if (submit.status() == 429) {
                    sleep(retryAfterMillis(submit));
                    continue;
                }
                if (submit.status() < 500) {
                    throw new IllegalStateException("submit answered " + submit.status() + ": " + submit.text());
                }
                transientErrors.incrementAndGet();
                sleep(500 + random.nextInt(500));
            }
        }
    }

    private static long retryAfterMillis(Api.Reply reply) {
        String header = reply.header("Retry-After");
        try {
            return header == null ? 1000 : Math.max(100, Long.parseLong(header) * 1000);
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    // --- outcome -------------------------------------------------------------------------------------

    /** The platform's answers after the run: results, quality, pay, sanctions, ledger. */
    public Report report(boolean completed) {
        Report.Builder r = new Report.Builder();
        r.completed = completed;
        r.jobId = jobId;
        r.elapsed = activatedAt == null ? Duration.ZERO : Duration.between(activatedAt, Instant.now());
        r.items = sample.regularCount();
        r.goldItems = sample.goldCount();
        JsonNode j = job();
        r.resolved = j.path("progress").path("itemsResolved").asLong();
        r.judgments = j.path("progress").path("judgments").asLong();
        r.status = j.path("status").asText();
        JsonNode jobQuality = retrying(() -> api.get("/api/qa/jobs/" + jobId + "/quality", requester.token()).expect(200).body());
        r.qaJudgments = jobQuality.path("judgments").path("total").asLong();
        r.regularJudgments = r.qaJudgments - jobQuality.path("judgments").path("gold").asLong();

        // Accuracy against the hidden truth, from the results the requester downloads.
        String results = retrying(() -> api.get("/api/tasks/jobs/" + jobId + "/results?format=jsonl", requester.token())
                .expect(200).text());
        for (String line : results.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = read(line);
            SampleJob.Item item = sample.byExternalId(row.path("externalId").asText());
            String label = row.path("label").asText(null);
            if (item != null && label != null && !label.isEmpty() && !"null".equals(label)) {
                r.labelled++;
                if (label.equals(item.truth())) {
                    r.correct++;
                }
            }
        }

        // Money: the requester's spend on the job, and each annotator's earnings and accepted answers.
        r.spend = retrying(() -> api.get("/api/payments/accounts/me/jobs/" + jobId, requester.token()).expect(200).body());
        for (Annotator a : annotators) {
            Report.Person p = new Report.Person(a.name, a.persona);
            p.delivered = a.delivered.get();
            p.blocked = a.blockedReason != null;
            JsonNode quality = retrying(() -> api.get("/api/qa/workers/me/quality", a.session.token()).expect(200).body());
            goldCheck.inspect(new Api.Reply("GET", "/api/qa/workers/me/quality", 200, quality.toString(), quality,
                    null, null), sample);
            p.accepted = quality.path("accepted").asLong();
            p.rejected = quality.path("rejected").asLong();
            p.pending = quality.path("pendingReview").asLong();
            JsonNode accounts = retrying(() -> api.get("/api/payments/accounts/me", a.session.token()).expect(200).body());
            for (JsonNode account : accounts.path("accounts")) {
                if ("ANNOTATOR_AVAILABLE".equals(account.path("kind").asText())) {
                    p.paid = account.path("balance").path("amount").asLong();
                }
            }
            JsonNode sanctions = retrying(() -> api.get("/api/workers/workers/me/sanctions", a.session.token())
                    .expect(200).body());
            for (JsonNode s : sanctions) {
                if ("SUSPEND".equals(s.path("action").asText()) || "BAN".equals(s.path("action").asText())) {
                    p.suspended = true;
                }
            }
            r.people.add(p);
        }
        r.reward = options.reward();
        JsonNode ledger = retrying(() -> api.get("/api/payments/admin/ledger/check", admin.token()).expect(200).body());
        r.ledgerOk = ledger.path("ok").asBoolean(false);
        r.ledger = ledger;
        r.goldLeaks = goldCheck.leaks();
        r.inspected = goldCheck.inspected();
        return r.build();
    }

    /**
     * Waits until payment has caught up with quality: every annotator's accepted answers are paid
     * (or the time is up). Payment follows reviews through Kafka, so it lags by a moment.
     */
    public boolean awaitPaymentsSettled(Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            long accepted = 0;
            long pending = 0;
            JsonNode spend;
            try {
                for (Annotator a : annotators) {
                    JsonNode q = api.get("/api/qa/workers/me/quality", a.session.token()).expect(200).body();
                    accepted += q.path("accepted").asLong();
                    pending += q.path("pendingReview").asLong();
                }
                spend = api.get("/api/payments/accounts/me/jobs/" + jobId, requester.token()).expect(200).body();
            } catch (RuntimeException notYet) {
                sleep(1000);
                continue;
            }
            if (pending == 0 && spend.path("itemsPaid").asLong() == accepted) {
                return true;
            }
            sleep(1000);
        }
        return false;
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static JsonNode read(String line) {
        try {
            return Api.JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a results line that is not JSON: " + line, e);
        }
    }

    /** Repeats a call that failed because a component is restarting (connection refused, 5xx), up to 2 min. */
    <T> T retrying(java.util.concurrent.Callable<T> call) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            try {
                return call.call();
            } catch (UncheckedIOException | IllegalStateException e) {
                if (System.currentTimeMillis() > deadline || !transientFailure(e)) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
                transientErrors.incrementAndGet();
                sleep(1000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean transientFailure(Exception e) {
        if (e instanceof UncheckedIOException) {
            return true;
        }
        String m = String.valueOf(e.getMessage());
        return m.contains(" answered 5") || m.contains(" answered 429");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
