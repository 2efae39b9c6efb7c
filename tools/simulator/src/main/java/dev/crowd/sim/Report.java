package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the demo found, read back from the platform after the run. */
public record Report(boolean completed, String jobId, String status, Duration elapsed, long items, long goldItems,
                     long resolved, long judgments, long qaJudgments, long regularJudgments, long labelled, long correct,
                     JsonNode spend, List<Person> people, long reward, boolean ledgerOk, JsonNode ledger,
                     List<String> goldLeaks, long inspected) {

    /** One simulated annotator as the platform sees them, and what the simulation knows they did. */
    public static final class Person {
        public final String name;
        public final Persona persona;
        public long delivered;
        public long accepted;
        public long rejected;
        public long pending;
        public long paid;
        public boolean suspended;
        public boolean blocked;

        Person(String name, Persona persona) {
            this.name = name;
            this.persona = persona;
        }
    }

    /** Regular items whose resolved label equals the hidden truth, over all regular items. */
    public double accuracy() {
        return items == 0 ? 0 : (double) correct / items;
    }

    /** Answers on regular items per regular item (gold answers excluded). */
    public double judgmentsPerItem() {
        return items == 0 ? 0 : (double) regularJudgments / items;
    }

    public long totalPaid() {
        return people.stream().mapToLong(p -> p.paid).sum();
    }

    public double payShare(Persona persona) {
        long total = totalPaid();
        long theirs = people.stream().filter(p -> p.persona == persona).mapToLong(p -> p.paid).sum();
        return total == 0 ? 0 : (double) theirs / total;
    }

    public long count(Persona persona) {
        return people.stream().filter(p -> p.persona == persona).count();
    }

    public long suspended(Persona persona) {
        return people.stream().filter(p -> p.persona == persona && p.suspended).count();
    }

    public long delivered() {
        return people.stream().mapToLong(p -> p.delivered).sum();
    }

    public long accepted() {
        return people.stream().mapToLong(p -> p.accepted).sum();
    }

    /** Annotators whose balance is not exactly their accepted answers times the reward. */
    public List<String> payMismatches() {
        List<String> out = new ArrayList<>();
        for (Person p : people) {
            if (p.paid != p.accepted * reward) {
                out.add(p.name + ": accepted " + p.accepted + " x " + reward + " but paid " + p.paid);
            }
        }
        return out;
    }

    /** The report for people; its last line is the machine-readable summary. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("\nCrowd demo report\n");
        b.append(String.format(Locale.ROOT, "  job          %s  %s after %d s%n", jobId, status, elapsed.toSeconds()));
        b.append(String.format(Locale.ROOT, "  items        %d to label (+%d gold), %d resolved%n", items, goldItems, resolved));
        b.append(String.format(Locale.ROOT, "  accuracy     %.4f against the hidden truth (%d of %d right)%n",
                accuracy(), correct, items));
        b.append(String.format(Locale.ROOT, "  judgments    %d on regular items (%.2f per item), %d in all with gold%n",
                regularJudgments, judgmentsPerItem(), judgments));
        long spent = spend.path("totalSpent").path("amount").asLong();
        b.append(String.format(Locale.ROOT, "  cost         %s spent (%s per item), %d answers paid, %s returned to the requester%n",
                Money.format(spent), Money.format(items == 0 ? 0 : spent / items), spend.path("itemsPaid").asLong(),
                Money.format(spend.path("released").path("amount").asLong())));
        b.append("  pay by group\n");
        b.append(String.format(Locale.ROOT, "    %-12s %6s %9s %9s %9s %16s %7s %10s%n", "group", "people", "answers",
                "accepted", "rejected", "paid", "share", "suspended"));
        Map<Persona, long[]> rows = new EnumMap<>(Persona.class);
        for (Person p : people) {
            long[] row = rows.computeIfAbsent(p.persona, k -> new long[6]);
            row[0]++;
            row[1] += p.delivered;
            row[2] += p.accepted;
            row[3] += p.rejected;
            row[4] += p.paid;
            row[5] += p.suspended ? 1 : 0;
        }
        rows.forEach((persona, row) -> b.append(String.format(Locale.ROOT, "    %-12s %6d %9d %9d %9d %16s %7.4f %6d/%d%n",
                persona.name().toLowerCase(Locale.ROOT), row[0], row[1], row[2], row[3], Money.format(row[4]),
                payShare(persona), row[5], row[0])));
        b.append(String.format(Locale.ROOT, "  gold         %d leaks in %d annotator-facing responses%n", goldLeaks.size(), inspected));
        goldLeaks.stream().limit(5).forEach(l -> b.append("    ").append(l).append('\n'));
        List<String> mismatches = payMismatches();
        b.append(String.format(Locale.ROOT, "  paid once    %s%n", mismatches.isEmpty()
                ? "every annotator's balance = accepted answers x reward" : mismatches.size() + " annotators differ"));
        mismatches.stream().limit(5).forEach(m -> b.append("    ").append(m).append('\n'));
        b.append(String.format(Locale.ROOT, "  ledger       %s (%d entries)%n", ledgerOk ? "OK" : "FAIL: " + ledger,
                ledger.path("entries").asLong()));
        b.append(summaryLine()).append('\n');
        return b.toString();
    }

    /** {@code demo: items=... ledger=OK}: the one line scripts read. */
    public String summaryLine() {
        return String.format(Locale.ROOT,
                "demo: items=%d resolved=%d accuracy=%.4f judgments_per_item=%.2f spammer_pay_share=%.4f suspended_spammers=%d/%d ledger=%s",
                items, resolved, accuracy(), judgmentsPerItem(), payShare(Persona.SPAMMER),
                suspended(Persona.SPAMMER), count(Persona.SPAMMER), ledgerOk ? "OK" : "FAIL");
    }

    static final class Builder {
        boolean completed;
        String jobId;
        String status;
        Duration elapsed;
        long items;
        long goldItems;
        long resolved;
        long judgments;
        long qaJudgments;
        long regularJudgments;
        long labelled;
        long correct;
        JsonNode spend;
        final List<Person> people = new ArrayList<>();
        long reward;
        boolean ledgerOk;
        JsonNode ledger;
        List<String> goldLeaks;
        long inspected;

        Report build() {
            return new Report(completed, jobId, status, elapsed, items, goldItems, resolved, judgments, qaJudgments, regularJudgments,
                    labelled, correct, spend, List.copyOf(people), reward, ledgerOk, ledger, goldLeaks, inspected);
        }
    }
}
