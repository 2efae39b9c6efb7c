package dev.crowd.payment;

import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.jobs.JobCancelled;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.payment.messaging.JobEventsConsumer;
import dev.crowd.payment.messaging.QualityEventsConsumer;
import dev.crowd.platform.json.EventJson;
import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestDatabase;
import dev.crowd.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static dev.crowd.payment.Fixtures.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's invariants over the real service and PostgreSQL, on random scenarios from fixed seeds
 * (a failure names its seed). Deposits, bonuses, payouts and payout batches go through HTTP; job and
 * review events go through the real consumers' entry points (the same code a Kafka record reaches, minus
 * the broker): reviews in batches of one to six, with redeliveries of earlier events inside a batch and
 * later; reviews of a released job are paid from the requester's balance or owed until a deposit covers
 * them. A plain model of the rules predicts every balance of the scenario's own accounts; after every
 * scenario the service must agree with it exactly, the ledger check must pass, every account's balance
 * must equal the sum of its lines, no account that holds money may be below zero, the scenario's money
 * must be conserved (deposited = held + fees + paid out), and every accepted answer must be paid once.
 */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class LedgerDatabasePropertiesTest {

    private static final long FEE_BASIS_POINTS = 1_000;
    private static final long PAYOUT_MINIMUM = 100_000;

    @Inject
    JobEventsConsumer jobEvents;
    @Inject
    QualityEventsConsumer qualityEvents;
    @Inject
    EventJson json;
    @Inject
    Vertx vertx;

    static LongStream seeds() {
        return LongStream.range(0, 6);
    }

    /** What the rules say each account of the scenario holds. */
    static final class Model {
        final Map<String, Long> requester = new HashMap<>();
        final Map<String, Long> annotator = new HashMap<>();
        final Map<String, Long> inTransit = new HashMap<>();
        final Map<UUID, Job> jobs = new LinkedHashMap<>();
        final Map<String, Long> paidAnswers = new HashMap<>();   // "assignment/item" -> reward paid
        final Set<UUID> processed = new HashSet<>();
        final Set<String> owedAnswers = new HashSet<>();           // "assignment/item" recorded as owed, ever
        final Map<String, java.util.ArrayDeque<Owed>> owed = new HashMap<>(); // requester -> owed reviews, oldest first
        final Map<String, Long> payouts = new LinkedHashMap<>(); // payout id -> amount, still requested
        final Map<String, String> payoutWorker = new HashMap<>();
        final Map<String, Integer> outcomes = new java.util.TreeMap<>(); // what the scenario exercised
        long deposited;
        long fees;
        long paidOut;

        void count(String outcome) {
            outcomes.merge(outcome, 1, Integer::sum);
        }

        long get(Map<String, Long> accounts, String owner) {
            return accounts.getOrDefault(owner, 0L);
        }

        void add(Map<String, Long> accounts, String owner, long amount) {
            accounts.merge(owner, amount, Long::sum);
        }
    }

    /** One late review's answers a requester owes (their balance did not cover them). */
    record Owed(Job job, Map<String, AnswersReviewed.Verdict> answers) {
        long total() {
            return answers.size() * (job.reward + job.fee);
        }
    }

    static final class Job {
        final UUID id;
        final String requester;
        final long reward;
        final long fee;
        final long judgments;
        final long budget;
        String status; // null (not submitted), FUNDED, REJECTED, RELEASED
        long escrow;
        final Set<String> workers = new HashSet<>();
        final List<AnswersReviewed.Verdict> answers = new ArrayList<>();

        Job(UUID id, String requester, long reward, long fee, long judgments) {
            this.id = id;
            this.requester = requester;
            this.reward = reward;
            this.fee = fee;
            this.judgments = judgments;
            this.budget = judgments * (reward + fee);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomScenariosKeepEveryInvariant(long seed) {
        Random random = new Random(seed);
        String run = "s" + seed + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> requesters = List.of("req-" + run + "-a", "req-" + run + "-b");
        List<String> workers = List.of("ann-" + run + "-a", "ann-" + run + "-b", "ann-" + run + "-c");
        Model model = new Model();
        for (int j = 0; j < 3; j++) {
            UUID id = UUID.randomUUID();
            model.jobs.put(id, new Job(id, requesters.get(random.nextInt(2)), 500 * (1 + random.nextInt(40)),
                    100 * random.nextInt(30), 10 + random.nextInt(50)));
        }
        List<Job> jobs = List.copyOf(model.jobs.values());
        List<CrowdEvent> sent = new ArrayList<>();
        List<String> depositKeys = new ArrayList<>();
        Map<String, Map.Entry<String, Long>> deposits = new HashMap<>();

        // every requester has money and every job is submitted once before the random steps (some budgets
        // are refused), so that most reviews find a funded escrow and some do not
        for (String requester : requesters) {
            long amount = 10_000 * (1 + random.nextInt(200));
            String key = run + "-dep-" + requester;
            deposit(key, requester, amount).then().statusCode(201);
            deposits.put(key, Map.entry(requester, amount));
            depositKeys.add(key);
            model.add(model.requester, requester, amount);
            model.deposited += amount;
        }
        for (Job job : jobs) {
            var event = jobSubmitted(job.id, job.requester, job.reward, job.fee, job.judgments);
            deliverJobEvent(event);
            applySubmitted(model, job);
        }

        int steps = 20 + random.nextInt(16);
        for (int step = 0; step < steps; step++) {
            switch (random.nextInt(12)) {
                case 0, 1 -> { // a deposit, or a retried one (a key used before, the same body): nothing moves
                    if (!depositKeys.isEmpty() && random.nextInt(4) == 0) {
                        String key = depositKeys.get(random.nextInt(depositKeys.size()));
                        Map.Entry<String, Long> first = deposits.get(key);
                        deposit(key, first.getKey(), first.getValue()).then().statusCode(201)
                                .header("Idempotent-Replayed", "true");
                    } else {
                        String key = run + "-dep-" + step;
                        String who = requesters.get(random.nextInt(2));
                        long amount = 10_000 * (1 + random.nextInt(200));
                        deposit(key, who, amount).then().statusCode(201).header("Idempotent-Replayed", "false");
                        deposits.put(key, Map.entry(who, amount));
                        depositKeys.add(key);
                        model.add(model.requester, who, amount);
                        model.deposited += amount;
                        settleOwed(model, who);
                    }
                }
                case 2 -> { // a job submitted (again, if it was rejected)
                    Job job = jobs.get(random.nextInt(3));
                    var event = jobSubmitted(job.id, job.requester, job.reward, job.fee, job.judgments);
                    deliverJobEvent(event);
                    sent.add(event);
                    applySubmitted(model, job);
                }
                case 3, 4, 5 -> { // a batch of reviews, some of them redeliveries
                    List<CrowdEvent> batch = new ArrayList<>();
                    int size = 1 + random.nextInt(6);
                    for (int r = 0; r < size; r++) {
                        List<CrowdEvent> earlier = sent.stream().filter(e -> e instanceof AnswersReviewed).toList();
                        if (!earlier.isEmpty() && random.nextInt(4) == 0) {
                            batch.add(earlier.get(random.nextInt(earlier.size())));
                        } else if (!batch.isEmpty() && random.nextInt(6) == 0) {
                            batch.add(batch.get(random.nextInt(batch.size())));
                        } else {
                            batch.add(newReview(random, jobs.get(random.nextInt(3)), workers));
                        }
                    }
                    deliverReviews(batch);
                    for (CrowdEvent event : batch) {
                        applyReview(model, (AnswersReviewed) event);
                        sent.add(event);
                    }
                }
                case 6 -> { // a job cancelled (its escrow back to the requester), maybe delivered twice
                    Job job = jobs.get(random.nextInt(3));
                    JobCancelled event = cancelled(job.id, job.requester);
                    deliverJobEvent(event);
                    if (random.nextBoolean()) {
                        deliverJobEvent(event);
                    }
                    if ("FUNDED".equals(job.status)) {
                        model.add(model.requester, job.requester, job.escrow);
                        job.escrow = 0;
                        job.status = "RELEASED";
                    }
                }
                case 7 -> bonus(model, random, jobs.get(random.nextInt(3)), workers, run + "-bonus-" + step);
                case 10, 11 -> drain(model, random, jobs.get(random.nextInt(3)), workers, run + "-drain-" + step);
                case 8 -> payout(model, random, workers.get(random.nextInt(3)), run + "-payout-" + step);
                default -> settlePayouts(model, random);
            }
        }

        // whatever is still owed, a last deposit per requester covers: paid now, oldest first
        for (String requester : requesters) {
            long owed = model.owed.getOrDefault(requester, new java.util.ArrayDeque<>()).stream().mapToLong(Owed::total).sum();
            if (owed > 0) {
                deposit(run + "-dep-last-" + requester, requester, owed).then().statusCode(201);
                model.add(model.requester, requester, owed);
                model.deposited += owed;
                settleOwed(model, requester);
                assertThat(model.owed.get(requester)).isEmpty();
            }
        }

        System.out.printf("seed %d: %d steps, %d answers paid, %s%n", seed, steps, model.paidAnswers.size(), model.outcomes);
        assertMatchesModel(model, requesters, workers, jobs, seed);
    }

    // --- the model: what each operation must do to the scenario's accounts ---

    private static void applySubmitted(Model model, Job job) {
        if (job.status != null && !job.status.equals("REJECTED")) {
            model.count("job submitted again");
            return;
        }
        if (model.get(model.requester, job.requester) >= job.budget) {
            model.add(model.requester, job.requester, -job.budget);
            job.escrow = job.budget;
            job.status = "FUNDED";
        } else {
            job.status = "REJECTED";
        }
        model.count("job " + job.status);
    }

    /** A review pays its accepted answers not paid before, or (when it cannot) fails and changes nothing. */
    private static void applyReview(Model model, AnswersReviewed review) {
        if (model.processed.contains(review.eventId())) {
            model.count("review redelivered");
            return;
        }
        Job job = model.jobs.get(review.jobId());
        Map<String, AnswersReviewed.Verdict> toPay = new LinkedHashMap<>();
        for (AnswersReviewed.Verdict verdict : review.verdicts()) {
            String answer = verdict.assignmentId() + "/" + verdict.itemId();
            if (verdict.accepted() && !model.paidAnswers.containsKey(answer) && !model.owedAnswers.contains(answer)) {
                toPay.putIfAbsent(answer, verdict);
            }
        }
        long total = toPay.size() * (job.reward + job.fee);
        boolean anyAccepted = review.verdicts().stream().anyMatch(AnswersReviewed.Verdict::accepted);
        boolean fails = anyAccepted && (job.status == null || job.status.equals("REJECTED"))
                || !toPay.isEmpty() && job.status.equals("FUNDED") && job.escrow < total;
        if (fails) {
            model.count("review dead-lettered");
            return; // dead-lettered: not recorded as processed, so a redelivery is applied afresh
        }
        model.processed.add(review.eventId());
        review.verdicts().forEach(v -> job.workers.add(v.workerId()));
        if (!toPay.isEmpty() && job.status.equals("RELEASED")) {
            // late: from the requester's balance, unless it falls short or older late answers wait (then owed)
            java.util.ArrayDeque<Owed> queue = model.owed.computeIfAbsent(job.requester, r -> new java.util.ArrayDeque<>());
            if (queue.isEmpty() && model.get(model.requester, job.requester) >= total) {
                payLate(model, new Owed(job, toPay));
                model.count("late review paid by the requester");
            } else {
                queue.add(new Owed(job, toPay));
                model.owedAnswers.addAll(toPay.keySet());
                model.count("late review owed");
            }
            return;
        }
        toPay.forEach((answer, verdict) -> {
            model.paidAnswers.put(answer, job.reward);
            model.add(model.annotator, verdict.workerId(), job.reward);
            model.fees += job.fee;
        });
        job.escrow -= total;
        model.count(toPay.isEmpty() ? "review paying nothing" : "review paying");
    }

    private static void payLate(Model model, Owed late) {
        model.add(model.requester, late.job().requester, -late.total());
        late.answers().forEach((answer, verdict) -> {
            model.paidAnswers.put(answer, late.job().reward);
            model.add(model.annotator, verdict.workerId(), late.job().reward);
            model.fees += late.job().fee;
        });
    }

    /** A deposit pays the requester's owed late reviews, oldest first, while its balance covers the next one. */
    private static void settleOwed(Model model, String requester) {
        java.util.ArrayDeque<Owed> queue = model.owed.getOrDefault(requester, new java.util.ArrayDeque<>());
        while (!queue.isEmpty() && model.get(model.requester, requester) >= queue.peek().total()) {
            payLate(model, queue.poll());
            model.count("owed review paid by a deposit");
        }
    }

    private static AnswersReviewed newReview(Random random, Job job, List<String> workers) {
        List<AnswersReviewed.Verdict> verdicts = new ArrayList<>();
        int fresh = 1 + random.nextInt(4);
        for (int i = 0; i < fresh; i++) {
            var answer = new AnswersReviewed.Verdict(UUID.randomUUID(), UUID.randomUUID(),
                    workers.get(random.nextInt(workers.size())), random.nextInt(4) > 0, null);
            verdicts.add(answer.accepted() ? answer : rejected(answer.assignmentId(), answer.itemId(), answer.workerId()));
            job.answers.add(answer);
        }
        boolean corrective = !job.answers.isEmpty() && random.nextInt(5) == 0;
        if (corrective) { // an upheld appeal: an earlier answer accepted (again)
            AnswersReviewed.Verdict earlier = job.answers.get(random.nextInt(job.answers.size()));
            verdicts.add(accepted(earlier.assignmentId(), earlier.itemId(), earlier.workerId()));
        }
        return new AnswersReviewed(UUID.randomUUID(), Instant.now(), job.id, corrective, verdicts);
    }

    private void bonus(Model model, Random random, Job job, List<String> workers, String key) {
        bonus(model, job, workers.get(random.nextInt(workers.size())), 1_000 * (1 + random.nextInt(100)), key);
    }

    /**
     * A bonus of about all the requester has left (to one who worked on the job), so that the late answers
     * reviewed after it are owed until a deposit covers them.
     */
    private void drain(Model model, Random random, Job job, List<String> workers, String key) {
        long available = model.get(model.requester, job.requester);
        long amount = Math.max(1, available * 10_000 / (10_000 + FEE_BASIS_POINTS) - random.nextInt(2_000));
        while (amount > 1 && amount + Math.floorDiv(amount * FEE_BASIS_POINTS + 5_000, 10_000) > available) {
            amount--;
        }
        List<String> eligible = job.workers.isEmpty() ? workers : job.workers.stream().sorted().toList();
        bonus(model, job, eligible.get(random.nextInt(eligible.size())), amount, key);
    }

    private void bonus(Model model, Job job, String worker, long amount, String key) {
        long fee = Math.floorDiv(amount * FEE_BASIS_POINTS + 5_000, 10_000);
        Response response = given().auth().oauth2(TestTokens.requester(job.requester)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(Map.of("jobId", job.id.toString(), "workerId", worker, "amount", amount))
                .when().post("/bonuses");
        int expected;
        if (job.status == null) {
            expected = 404;
        } else if (!job.workers.contains(worker)) {
            expected = 400;
        } else if (model.get(model.requester, job.requester) < amount + fee) {
            expected = 409;
        } else {
            expected = 201;
            model.add(model.requester, job.requester, -(amount + fee));
            model.add(model.annotator, worker, amount);
            model.fees += fee;
        }
        model.count("bonus " + expected);
        assertThat(response.statusCode()).as("bonus %s on a %s job: %s", amount, job.status, response.asString())
                .isEqualTo(expected);
    }

    private void payout(Model model, Random random, String worker, String key) {
        long available = model.get(model.annotator, worker);
        long amount = random.nextInt(3) > 0 && available >= PAYOUT_MINIMUM
                ? PAYOUT_MINIMUM + random.nextLong(available - PAYOUT_MINIMUM + 1)
                : PAYOUT_MINIMUM / 2 + random.nextLong(PAYOUT_MINIMUM * 3);
        Response response = given().auth().oauth2(TestTokens.annotator(worker)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of("amount", amount)).when().post("/payouts");
        int expected = amount < PAYOUT_MINIMUM ? 400 : available < amount ? 409 : 201;
        model.count("payout " + expected);
        assertThat(response.statusCode()).as("payout of %d from %d: %s", amount, available, response.asString())
                .isEqualTo(expected);
        if (expected == 201) {
            model.add(model.annotator, worker, -amount);
            model.add(model.inTransit, worker, amount);
            String id = response.jsonPath().getString("id");
            model.payouts.put(id, amount);
            model.payoutWorker.put(id, worker);
        }
    }

    /** Cuts a batch of every requested payout and confirms it, a random part of the scenario's failing. */
    private void settlePayouts(Model model, Random random) {
        String admin = TestTokens.admin("admin-1");
        Response cut = given().auth().oauth2(admin).when().post("/admin/payout-batches");
        if (cut.statusCode() == 204) {
            assertThat(model.payouts).isEmpty();
            return;
        }
        assertThat(cut.statusCode()).isEqualTo(201);
        JsonPath batch = cut.jsonPath();
        List<String> inBatch = batch.getList("payouts.id");
        assertThat(inBatch).containsAll(model.payouts.keySet());
        List<Map<String, String>> failures = new ArrayList<>();
        for (String id : model.payouts.keySet()) {
            String worker = model.payoutWorker.get(id);
            long amount = model.payouts.get(id);
            model.add(model.inTransit, worker, -amount);
            model.count("payout settled or failed");
            if (random.nextInt(3) == 0) {
                failures.add(Map.of("payoutId", id, "reason", "account closed"));
                model.add(model.annotator, worker, amount);
            } else {
                model.paidOut += amount;
            }
        }
        model.payouts.clear();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("failures", failures))
                .when().post("/admin/payout-batches/" + batch.getString("id") + "/confirm").then().statusCode(200);
    }

    // --- delivery through the consumers' entry points ---

    private void deliverJobEvent(CrowdEvent event) {
        await(() -> jobEvents.onJobEvent(Message.of(json.write(event))));
    }

    /** One poll's worth of review records, through the same path as a Kafka batch. */
    private void deliverReviews(List<CrowdEvent> events) {
        List<Message<String>> records = events.stream().map(e -> Message.of(json.write(e))).toList();
        await(() -> qualityEvents.apply(records));
    }

    private <T> T await(Supplier<Uni<T>> work) {
        // Hibernate Reactive needs a safe (duplicated) Vert.x context, as the Kafka connector provides
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> work.get().subscribe().with(done::complete, done::completeExceptionally));
        try {
            return done.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("delivery failed", e);
        }
    }

    // --- the checks ---

    private void assertMatchesModel(Model model, List<String> requesters, List<String> workers, List<Job> jobs, long seed) {
        String why = "seed " + seed;
        JsonPath check = ledgerCheck().then().statusCode(200).extract().jsonPath();
        assertThat(check.getBoolean("ok")).as(why + ": ledger check " + check.prettify()).isTrue();

        for (String requester : requesters) {
            assertThat(accountBalance("REQUESTER_AVAILABLE", requester)).as(why + ": " + requester)
                    .isEqualTo(model.get(model.requester, requester));
            long owed = model.owed.getOrDefault(requester, new java.util.ArrayDeque<>()).stream().mapToLong(Owed::total).sum();
            assertThat(TestDatabase.count("""
                    select coalesce(sum(reward + fee), 0) + 0 from late_payment_owed
                    where requester_id = ? and paid_entry_seq is null""", requester))
                    .as(why + ": owed by " + requester).isEqualTo(owed);
        }
        for (String worker : workers) {
            assertThat(accountBalance("ANNOTATOR_AVAILABLE", worker)).as(why + ": " + worker)
                    .isEqualTo(model.get(model.annotator, worker));
            assertThat(accountBalance("PAYOUT_IN_TRANSIT", worker)).as(why + ": in transit " + worker)
                    .isEqualTo(model.get(model.inTransit, worker));
        }
        long escrows = 0;
        for (Job job : jobs) {
            assertThat(accountBalance("JOB_ESCROW", job.id.toString())).as(why + ": escrow of a %s job", job.status)
                    .isEqualTo(job.escrow);
            escrows += job.escrow;
        }

        // each of the scenario's accounts: balance = sum of its lines, never below zero
        List<String> owners = new ArrayList<>(requesters);
        owners.addAll(workers);
        jobs.forEach(job -> owners.add(job.id.toString()));
        for (String owner : owners) {
            assertThat(TestDatabase.count("""
                    select count(*) from account a where a.owner = ? and (a.balance < 0 or a.balance <>
                        coalesce((select sum(l.amount) from journal_line l where l.account_id = a.id), 0))""", owner))
                    .as(why + ": account of " + owner).isZero();
        }

        // money is conserved: what came in is held, was charged as fees, or left through payouts
        long held = escrows;
        for (String requester : requesters) {
            held += model.get(model.requester, requester);
        }
        for (String worker : workers) {
            held += model.get(model.annotator, worker) + model.get(model.inTransit, worker);
        }
        assertThat(held + model.fees + model.paidOut).as(why + ": conservation").isEqualTo(model.deposited);
        long feesCharged = 0;
        for (Job job : jobs) {
            feesCharged += TestDatabase.count("select coalesce(sum(fee), 0) + 0 from item_payment where job_id = ?", job.id)
                    + TestDatabase.count("select coalesce(sum(bonus_fees_paid), 0) + 0 from job_escrow where job_id = ?", job.id);
        }
        assertThat(feesCharged).as(why + ": fees charged").isEqualTo(model.fees);

        // every accepted answer the rules pay is paid exactly once, and nothing else is
        long rows = 0;
        for (Job job : jobs) {
            rows += TestDatabase.count("select count(*) from item_payment where job_id = ?", job.id);
        }
        assertThat(rows).as(why + ": answers paid").isEqualTo(model.paidAnswers.size());
        for (Map.Entry<String, Long> answer : model.paidAnswers.entrySet()) {
            String[] ids = answer.getKey().split("/");
            assertThat(TestDatabase.count("select count(*) from item_payment where assignment_id = ? and item_id = ? and reward = ?",
                    UUID.fromString(ids[0]), UUID.fromString(ids[1]), answer.getValue()))
                    .as(why + ": answer " + answer.getKey()).isEqualTo(1);
        }
    }

    private static long accountBalance(String kind, String owner) {
        List<Object> balance = TestDatabase.column("select balance from account where kind = ? and owner = ?", kind, owner);
        return balance.isEmpty() ? 0 : ((Number) balance.getFirst()).longValue();
    }
}
