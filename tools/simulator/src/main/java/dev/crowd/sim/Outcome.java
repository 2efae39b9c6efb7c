package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

/** What the platform says after a run: the report, and waiting for payment to catch up with quality. */
final class Outcome {

    /** The platform's answers after the run: results, quality, pay, sanctions, ledger. */
    static Report report(Simulation sim, boolean completed) {
        Report.Builder r = new Report.Builder();
        r.completed = completed;
        r.jobId = sim.jobId();
        r.elapsed = sim.activatedAt() == null ? Duration.ZERO : Duration.between(sim.activatedAt(), Instant.now());
        r.items = sim.sample().regularCount();
        r.goldItems = sim.sample().goldCount();
        JsonNode j = sim.job();
        r.resolved = j.path("progress").path("itemsResolved").asLong();
        r.judgments = j.path("progress").path("judgments").asLong();
        r.status = j.path("status").asText();
        JsonNode jobQuality = sim.retrying(() -> sim.api().get("/api/qa/jobs/" + sim.jobId() + "/quality", sim.requester().token()).expect(200).body());
        r.qaJudgments = jobQuality.path("judgments").path("total").asLong();
        r.regularJudgments = r.qaJudgments - jobQuality.path("judgments").path("gold").asLong();

        // Accuracy against the hidden truth, from the results the requester downloads.
        String results = sim.retrying(() -> sim.api().get("/api/tasks/jobs/" + sim.jobId() + "/results?format=jsonl", sim.requester().token())
                .expect(200).text());
        for (String line : results.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = Calls.read(line);
            SampleJob.Item item = sim.sample().byExternalId(row.path("externalId").asText());
            String label = row.path("label").asText(null);
            if (item != null && label != null && !label.isEmpty() && !"null".equals(label)) {
                r.labelled++;
                if (label.equals(item.truth())) {
                    r.correct++;
                }
            }
        }

        // Money: the requester's spend on the job, and each annotator's earnings and accepted answers.
        r.spend = sim.retrying(() -> sim.api().get("/api/payments/accounts/me/jobs/" + sim.jobId(), sim.requester().token()).expect(200).body());
        for (Annotator a : sim.annotators()) {
            Report.Person p = new Report.Person(a.name, a.persona);
            p.delivered = a.delivered.get();
            p.blocked = a.blockedReason != null;
            JsonNode quality = sim.retrying(() -> sim.api().get("/api/qa/workers/me/quality", a.session.token()).expect(200).body());
            sim.goldCheck().inspect(new Api.Reply("GET", "/api/qa/workers/me/quality", 200, quality.toString(), quality,
                    null, null), sim.sample());
            p.accepted = quality.path("accepted").asLong();
            p.rejected = quality.path("rejected").asLong();
            p.pending = quality.path("pendingReview").asLong();
            JsonNode accounts = sim.retrying(() -> sim.api().get("/api/payments/accounts/me", a.session.token()).expect(200).body());
            for (JsonNode account : accounts.path("accounts")) {
                if ("ANNOTATOR_AVAILABLE".equals(account.path("kind").asText())) {
                    p.paid = account.path("balance").path("amount").asLong();
                }
            }
            JsonNode sanctions = sim.retrying(() -> sim.api().get("/api/workers/me/sanctions", a.session.token())
                    .expect(200).body());
            for (JsonNode s : sanctions) {
                if ("SUSPEND".equals(s.path("action").asText()) || "BAN".equals(s.path("action").asText())) {
                    p.suspended = true;
                }
            }
            r.people.add(p);
        }
        r.reward = sim.options().reward();
        JsonNode ledger = sim.retrying(() -> sim.api().get("/api/payments/admin/ledger/check", sim.admin().token()).expect(200).body());
        r.ledgerOk = ledger.path("ok").asBoolean(false);
        r.ledger = ledger;
        r.goldLeaks = sim.goldCheck().leaks();
        r.inspected = sim.goldCheck().inspected();
        return r.build();
    }

    /**
     * Waits until payment has caught up with quality: every annotator's accepted answers are paid
     * (or the time is up). Payment follows reviews through Kafka, so it lags by a moment.
     */
    static boolean awaitPaymentsSettled(Simulation sim, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            long accepted = 0;
            long pending = 0;
            JsonNode spend;
            try {
                for (Annotator a : sim.annotators()) {
                    JsonNode q = sim.api().get("/api/qa/workers/me/quality", a.session.token()).expect(200).body();
                    accepted += q.path("accepted").asLong();
                    pending += q.path("pendingReview").asLong();
                }
                spend = sim.api().get("/api/payments/accounts/me/jobs/" + sim.jobId(), sim.requester().token()).expect(200).body();
            } catch (RuntimeException notYet) {
                Calls.sleep(1000);
                continue;
            }
            if (pending == 0 && spend.path("itemsPaid").asLong() == accepted) {
                return true;
            }
            Calls.sleep(1000);
        }
        return false;
    }

    private Outcome() {
    }
}
