package dev.crowd.payment.settlement;

import dev.crowd.contracts.Money;
import dev.crowd.contracts.jobs.JobSubmitted;
import dev.crowd.contracts.quality.AnswersReviewed;
import dev.crowd.payment.JobEscrow;
import dev.crowd.payment.ledger.AccountRef;
import dev.crowd.payment.ledger.EntryDraft;
import dev.crowd.payment.ledger.Postings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Settlement's rules as pure functions over {@link Postings}: given the escrow state, the verdicts and the
 * balances, which postings to make and which rows to write. No I/O: the services load what a step needs,
 * call it, and write what it returns. A fact an event cannot be trusted with is checked here (see
 * docs/payment-service.md, "What the consumers trust"); a failed check throws, which fails the event's
 * transaction and sends the event to dead letters with nothing moved.
 */
public final class SettlementPlanner {

    /** What to do with a JobSubmitted. */
    public sealed interface Funding {
        /** The job is funded already (or being paid): nothing to do. */
        record Ignore(JobEscrow.Status status) implements Funding {
        }

        /** Reserve the budget; the ledger refuses it when the requester's available balance is short. */
        record Reserve(EntryDraft draft) implements Funding {
        }
    }

    /** The accepted answers of a batch of reviews, who was reviewed in each job, and the first verdicts' count. */
    public record Accepted(Map<UUID, Set<String>> workersByJob,
                           Map<AnswersReviewed, List<AnswersReviewed.Verdict>> byReview,
                           Map<UUID, Long> firstVerdictsByJob) {

        public Set<UUID> jobIds() {
            Set<UUID> ids = new java.util.TreeSet<>();
            byReview.keySet().forEach(review -> ids.add(review.jobId()));
            return ids;
        }
    }

    /** The answers to pay: from escrow, or (job released) late, from the requester. */
    public record Plan(List<Payable> fromEscrow, List<Payable> late) {
    }

    /** Of late payables: pay these now, owe those. */
    public record LateDecision(List<Payable> pay, List<Payable> owe) {
    }

    /**
     * JobSubmitted: a job is funded once, with exactly {@code maxJudgments × (reward + fee)} in the
     * deployment's currency. A job whose budget does not match its prices, or whose prices overflow, is
     * refused (nothing moves): paying it would move money its requester never priced.
     */
    public static Funding funding(JobSubmitted job, JobEscrow existing, String currency) {
        requireCurrency(job.budget(), "budget", currency);
        requireCurrency(job.rewardPerJudgment(), "rewardPerJudgment", currency);
        requireCurrency(job.feePerJudgment(), "feePerJudgment", currency);
        if (job.budget().amount() <= 0 || job.rewardPerJudgment().amount() < 0 || job.feePerJudgment().amount() < 0
                || job.maxJudgments() <= 0) {
            throw new IllegalArgumentException("job " + job.jobId() + " has a non-positive budget or maxJudgments, or a negative price");
        }
        long priced;
        try {
            priced = Math.multiplyExact(job.maxJudgments(),
                    Math.addExact(job.rewardPerJudgment().amount(), job.feePerJudgment().amount()));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("job " + job.jobId() + ": maxJudgments × (reward + fee) overflows", e);
        }
        if (priced != job.budget().amount()) {
            throw new IllegalArgumentException("job " + job.jobId() + ": budget " + job.budget().amount()
                    + " is not maxJudgments × (reward + fee) = " + priced);
        }
        if (existing != null && existing.status() != JobEscrow.Status.REJECTED) {
            return new Funding.Ignore(existing.status());
        }
        // keyed by job, not event: a job's budget is reserved at most once, whatever is redelivered
        return new Funding.Reserve(Postings.funding("job:" + job.jobId() + ":funding", job.jobId(), job.requesterId(),
                job.budget().amount()));
    }

    /** The accepted answers of the reviews (each answer once per review), the workers and the first verdicts. */
    public static Accepted accepted(List<AnswersReviewed> reviews) {
        Map<UUID, Set<String>> workersByJob = new LinkedHashMap<>();
        Map<AnswersReviewed, List<AnswersReviewed.Verdict>> byReview = new LinkedHashMap<>();
        Map<UUID, Long> firstVerdicts = new TreeMap<>();
        for (AnswersReviewed review : reviews) {
            List<AnswersReviewed.Verdict> verdicts = review.verdicts() == null ? List.of() : review.verdicts();
            Set<String> workers = workersByJob.computeIfAbsent(review.jobId(), id -> new LinkedHashSet<>());
            Map<String, AnswersReviewed.Verdict> accepted = new LinkedHashMap<>();
            for (AnswersReviewed.Verdict verdict : verdicts) {
                if (verdict.workerId() != null) {
                    workers.add(verdict.workerId());
                }
                if (verdict.accepted()) {
                    if (verdict.assignmentId() == null || verdict.itemId() == null || verdict.workerId() == null) {
                        throw new IllegalArgumentException("accepted verdict without assignment, item or worker in " + review.eventId());
                    }
                    accepted.putIfAbsent(verdict.assignmentId() + "/" + verdict.itemId(), verdict);
                }
            }
            if (!accepted.isEmpty()) {
                byReview.put(review, List.copyOf(accepted.values()));
            }
            if (!review.corrective() && !verdicts.isEmpty()) {
                firstVerdicts.merge(review.jobId(), (long) verdicts.size(), Long::sum);
            }
        }
        return new Accepted(workersByJob, byReview, firstVerdicts);
    }

    /**
     * The job and annotator of each assignment the reviews name (verdicts without both are skipped). An
     * assignment named under two jobs, or for two annotators, in the batch is refused.
     */
    public static Map<UUID, AssignmentOwner> owners(List<AnswersReviewed> reviews) {
        Map<UUID, AssignmentOwner> owners = new LinkedHashMap<>();
        for (AnswersReviewed review : reviews) {
            for (AnswersReviewed.Verdict v : review.verdicts() == null ? List.<AnswersReviewed.Verdict>of() : review.verdicts()) {
                if (v.assignmentId() == null || v.workerId() == null) {
                    continue;
                }
                AssignmentOwner owner = new AssignmentOwner(v.assignmentId(), review.jobId(), v.workerId());
                AssignmentOwner before = owners.putIfAbsent(v.assignmentId(), owner);
                requireSame(before, owner, review);
            }
        }
        return owners;
    }

    /**
     * Refuses the batch when an assignment it names belongs, by an earlier review, to another job or
     * annotator; returns the owners to store (those not known yet).
     */
    public static List<AssignmentOwner> newOwners(Map<UUID, AssignmentOwner> named, Map<UUID, AssignmentOwner> known) {
        List<AssignmentOwner> fresh = new ArrayList<>();
        named.forEach((id, owner) -> {
            AssignmentOwner before = known.get(id);
            if (before == null) {
                fresh.add(owner);
            } else {
                requireSame(before, owner, null);
            }
        });
        return fresh;
    }

    private static void requireSame(AssignmentOwner before, AssignmentOwner now, AnswersReviewed review) {
        if (before != null && !before.equals(now)) {
            throw new IllegalStateException("assignment " + now.assignmentId() + " belongs to job " + before.jobId()
                    + " and annotator " + before.workerId() + ", not job " + now.jobId() + " and " + now.workerId()
                    + (review == null ? "" : " (review " + review.eventId() + ")"));
        }
    }

    /**
     * Each review's accepted answers priced at its job's prices (never the review's: it carries none). A
     * review of a job payment does not know, or whose funding was refused, cannot be paid.
     */
    public static Map<AnswersReviewed, List<PaidItem>> priced(Accepted accepted, Map<UUID, JobEscrow> jobs) {
        Map<AnswersReviewed, List<PaidItem>> candidates = new LinkedHashMap<>();
        accepted.byReview().forEach((review, verdicts) -> {
            JobEscrow job = jobs.get(review.jobId());
            if (job == null || job.status() == JobEscrow.Status.REJECTED) {
                throw new IllegalStateException("job " + review.jobId() + " has no funded escrow; cannot pay review " + review.eventId());
            }
            candidates.put(review, verdicts.stream().map(v -> new PaidItem(v.assignmentId(), v.itemId(), v.workerId(),
                    job.rewardPerJudgment(), job.feePerJudgment())).toList());
        });
        return candidates;
    }

    /** The candidates of reviews of released jobs (paid late, or owed, if not paid before). */
    public static List<PaidItem> ofReleased(Map<AnswersReviewed, List<PaidItem>> candidates, Map<UUID, JobEscrow> jobs) {
        List<PaidItem> items = new ArrayList<>();
        candidates.forEach((review, list) -> {
            if (jobs.get(review.jobId()).status() == JobEscrow.Status.RELEASED) {
                items.addAll(list);
            }
        });
        return items;
    }

    /**
     * What to pay of the candidates, in review order: answers paid (or owed) before, or by an earlier review
     * of the batch, are skipped. A job never pays more answers than its {@code maxJudgments}: a review that
     * would is refused whole.
     */
    public static Plan plan(Map<UUID, JobEscrow> jobs, Map<AnswersReviewed, List<PaidItem>> candidates,
                            Set<String> paidBefore) {
        Set<String> paying = new HashSet<>(paidBefore);
        Map<UUID, Long> answersOfJob = new HashMap<>();
        List<Payable> fromEscrow = new ArrayList<>();
        List<Payable> late = new ArrayList<>();
        candidates.forEach((review, items) -> {
            List<PaidItem> toPay = items.stream().filter(c -> paying.add(c.answer())).toList();
            if (toPay.isEmpty()) {
                return;
            }
            JobEscrow job = jobs.get(review.jobId());
            long answers = answersOfJob.merge(job.jobId(), job.itemsPaid() + job.owedItems() + toPay.size(),
                    (before, added) -> before + toPay.size());
            if (answers > job.maxJudgments()) {
                throw new IllegalStateException("review " + review.eventId() + " would pay " + answers
                        + " answers of job " + job.jobId() + ", which has at most " + job.maxJudgments());
            }
            boolean released = job.status() == JobEscrow.Status.RELEASED;
            (released ? late : fromEscrow).add(new Payable(review.eventId(), job, toPay, released, false));
        });
        return new Plan(fromEscrow, late);
    }

    /**
     * Which late payables (in batch order) are paid now from their requester's available balance: while it
     * covers them and the requester owes nothing older; the rest is owed, in its turn.
     */
    public static LateDecision late(List<Payable> late, Map<AccountRef, Long> balances, Set<String> requestersOwing) {
        Map<String, Long> available = new HashMap<>();
        Set<String> queued = new HashSet<>(requestersOwing);
        List<Payable> pay = new ArrayList<>();
        List<Payable> owe = new ArrayList<>();
        for (Payable payable : late) {
            String requester = payable.job().requesterId();
            long balance = available.computeIfAbsent(requester, r -> balances.getOrDefault(AccountRef.requester(r), 0L));
            if (!queued.contains(requester) && payable.total() <= balance) {
                available.put(requester, balance - payable.total());
                pay.add(payable);
            } else {
                queued.add(requester);
                owe.add(payable);
            }
        }
        return new LateDecision(pay, owe);
    }

    /** JobCompleted / JobCancelled: the rest of a funded job's escrow back to its requester (null: nothing to release). */
    public static EntryDraft release(JobEscrow job) {
        if (job == null || job.status() != JobEscrow.Status.FUNDED || job.remaining() == 0) {
            return null;
        }
        return Postings.release("job:" + job.jobId() + ":release", job.jobId(), job.requesterId(), job.remaining());
    }

    private static void requireCurrency(Money money, String field, String currency) {
        if (money == null || !currency.equals(money.currency())) {
            throw new IllegalArgumentException(field + " must be in " + currency + ": " + money);
        }
    }

    private SettlementPlanner() {
    }
}
