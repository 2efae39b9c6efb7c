package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A simulated annotator: claims, answers according to its persona, submits, until the job is done. */
public final class Annotator {
    private final Simulation sim;
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

    Annotator(Simulation sim, int index, String name, Persona persona, Identities.Session session, Random random) {
        this.sim = sim;
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
        Calls.sleep(random.nextInt(2000));
        long idle = 250; // backs off while there is nothing to do, as a polite client should
        while (!sim.finished() && blockedReason == null) {
            Api.Reply claim;
            long claimedAt = System.nanoTime();
            try {
                claim = sim.api().post("/api/tasks/work/next?jobId=" + sim.jobId(), session.token(), null);
            } catch (RuntimeException down) {
                sim.transientError();
                Calls.sleep(500 + random.nextInt(500));
                continue;
            }
            sim.goldCheck().inspect(claim, sim.sample());
            switch (claim.status()) {
                case 200 -> {
                    idle = 250;
                    answer(claim.body(), claimedAt);
                }
                case 204 -> {
                    Calls.sleep(idle + random.nextInt((int) idle));
                    idle = Math.min(idle * 2, 4_000);
                }
                case 403 -> blockedReason = claim.body().path("detail").asText("blocked");
                case 429 -> Calls.sleep(Calls.retryAfterMillis(claim));
                default -> {
                    // 5xx while a service restarts; anything else is a defect to surface.
                    if (claim.status() < 500 && claim.status() != 410 && claim.status() != 409) {
                        throw new IllegalStateException("claim answered " + claim.status() + ": " + claim.text());
                    }
                    sim.transientError();
                    Calls.sleep(500 + random.nextInt(500));
                }
            }
        }
    }

    private void answer(JsonNode assignment, long claimedAt) {
        String assignmentId = assignment.path("id").asText();
        List<Map<String, Object>> answers = new ArrayList<>();
        long thinking = 0;
        for (JsonNode item : assignment.path("items")) {
            SampleJob.Item truth = sim.sample().byText(item.path("data").path("text").asText());
            if (truth == null) {
                throw new IllegalStateException("an item the sample does not know: " + item);
            }
            long spent = persona.millisPerItem(random);
            thinking += spent;
            answers.add(Map.of("itemId", item.path("id").asText(),
                    "label", persona.answer(truth.truth(), SampleJob.LABELS, random),
                    "timeSpentMillis", spent));
        }
        Calls.sleep((long) (thinking * sim.options().thinkScale()));
        Map<String, Object> body = Map.of("answers", answers);
        // The same answers again until the platform gives a definite reply: a replay is deduplicated.
        for (int attempt = 0; attempt < 120 && !Thread.currentThread().isInterrupted(); attempt++) {
            Api.Reply submit;
            try {
                submit = sim.api().post("/api/tasks/assignments/" + assignmentId + "/answers", session.token(), body);
            } catch (RuntimeException lost) {
                sim.transientError();
                Calls.sleep(500 + random.nextInt(500));
                continue;
            }
            sim.goldCheck().inspect(submit, sim.sample());
            submits.incrementAndGet();
            if (submit.status() == 200) {
                if (acknowledged.putIfAbsent(assignmentId, Boolean.TRUE) == null) {
                    delivered.addAndGet(answers.size());
                    answered.add(new long[]{sim.answered(System.nanoTime() - claimedAt), answers.size()});
                }
                return;
            }
            if (submit.status() == 410 || submit.status() == 404) {
                return; // the lease lapsed (or the job ended): the platform did not take these answers
            }
            if (submit.status() == 429) {
                Calls.sleep(Calls.retryAfterMillis(submit));
                continue;
            }
            if (submit.status() < 500) {
                throw new IllegalStateException("submit answered " + submit.status() + ": " + submit.text());
            }
            sim.transientError();
            Calls.sleep(500 + random.nextInt(500));
        }
    }
}
