package dev.crowd.worker.service;

import dev.crowd.worker.QualityRules;
import dev.crowd.worker.Sanction;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Decides which sanctions an annotator's latest numbers call for. Pure logic, no framework. */
public final class RulesEngine {

    public static final String JOB_GOLD_ACCURACY = "job-gold-accuracy";
    public static final String PLATFORM_GOLD_ACCURACY = "platform-gold-accuracy";
    public static final String TOO_FAST = "too-fast";
    public static final String DAILY_CAP = "daily-cap-new-annotator";

    /** The annotator's numbers on the job that was just scored. */
    public record JobStats(UUID jobId, long goldCorrect, long goldTotal, long items, long medianMillisPerItem) {
    }

    /** The annotator's numbers over the platform. */
    public record PlatformStats(long goldCorrect, long goldTotal, long itemsToday, Instant registeredAt) {
    }

    /** A sanction to impose (unless an equal one is already active). */
    public record Verdict(String rule, Sanction.Action action, Sanction.Scope scope, UUID jobId, String reason,
                          Map<String, Object> evidence, Instant expiresAt) {
    }

    private RulesEngine() {
    }

    /**
     * @param jobRules      the job's effective set (its own, else the platform's)
     * @param platformRules the platform set
     */
    public static List<Verdict> evaluate(QualityRules jobRules, QualityRules platformRules, JobStats job,
                                         PlatformStats platform, Instant now) {
        List<Verdict> verdicts = new ArrayList<>();
        QualityRules.GoldAccuracy jobGold = jobRules.jobGoldAccuracy();
        if (jobGold != null && below(job.goldCorrect(), job.goldTotal(), jobGold)) {
            verdicts.add(new Verdict(JOB_GOLD_ACCURACY, Sanction.Action.SUSPEND, Sanction.Scope.JOB, job.jobId(),
                    "Gold accuracy on this job is %s, below the minimum of %s after %d gold answers"
                            .formatted(percent(job.goldCorrect(), job.goldTotal()), percent(jobGold.minAccuracy()),
                                    job.goldTotal()),
                    evidence("goldCorrect", job.goldCorrect(), "goldTotal", job.goldTotal(),
                            "minAccuracy", jobGold.minAccuracy(), "minGoldAnswers", jobGold.minGoldAnswers()),
                    plusHours(now, jobGold.suspendHours())));
        }
        QualityRules.GoldAccuracy platformGold = platformRules.platformGoldAccuracy();
        if (platformGold != null && below(platform.goldCorrect(), platform.goldTotal(), platformGold)) {
            verdicts.add(new Verdict(PLATFORM_GOLD_ACCURACY, Sanction.Action.SUSPEND, Sanction.Scope.PLATFORM, null,
                    "Gold accuracy over all jobs is %s, below the minimum of %s after %d gold answers"
                            .formatted(percent(platform.goldCorrect(), platform.goldTotal()),
                                    percent(platformGold.minAccuracy()), platform.goldTotal()),
                    evidence("goldCorrect", platform.goldCorrect(), "goldTotal", platform.goldTotal(),
                            "minAccuracy", platformGold.minAccuracy(), "minGoldAnswers", platformGold.minGoldAnswers()),
                    plusHours(now, platformGold.suspendHours())));
        }
        QualityRules.TooFast fast = jobRules.tooFast();
        if (fast != null && job.items() >= fast.minItems() && job.medianMillisPerItem() < fast.minMedianMillisPerItem()) {
            verdicts.add(new Verdict(TOO_FAST, Sanction.Action.FLAG, Sanction.Scope.JOB, job.jobId(),
                    "Median time per item on this job is %d ms, faster than the minimum of %d ms"
                            .formatted(job.medianMillisPerItem(), fast.minMedianMillisPerItem()),
                    evidence("medianMillisPerItem", job.medianMillisPerItem(), "items", job.items(),
                            "minMedianMillisPerItem", fast.minMedianMillisPerItem()),
                    plusHours(now, fast.flagHours())));
        }
        QualityRules.DailyCap cap = platformRules.dailyCap();
        if (cap != null && isNew(platform.registeredAt(), cap.newForDays(), now)
                && platform.itemsToday() >= cap.maxItemsPerDay()) {
            verdicts.add(new Verdict(DAILY_CAP, Sanction.Action.SUSPEND, Sanction.Scope.PLATFORM, null,
                    "New annotators may do %d items a day; you did %d today. Work resumes at 00:00 UTC"
                            .formatted(cap.maxItemsPerDay(), platform.itemsToday()),
                    evidence("itemsToday", platform.itemsToday(), "maxItemsPerDay", cap.maxItemsPerDay(),
                            "newForDays", cap.newForDays(), "registeredAt", platform.registeredAt().toString()),
                    now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return verdicts;
    }

    /** True when at least minGoldAnswers were given and correct/total is strictly below the minimum. */
    static boolean below(long correct, long total, QualityRules.GoldAccuracy rule) {
        // correct/total < min, compared exactly in basis points (0.7 * 10 is 7.000000000000001 in doubles)
        long minBasisPoints = Math.round(rule.minAccuracy() * 10_000);
        return total >= rule.minGoldAnswers() && correct * 10_000 < minBasisPoints * total;
    }

    static boolean isNew(Instant registeredAt, int newForDays, Instant now) {
        return Duration.between(registeredAt, now).compareTo(Duration.ofDays(newForDays)) < 0;
    }

    private static Instant plusHours(Instant now, Integer hours) {
        return hours == null ? null : now.plus(hours, ChronoUnit.HOURS);
    }

    private static String percent(long correct, long total) {
        return percent(total == 0 ? 0 : (double) correct / total);
    }

    private static String percent(double rate) {
        return Math.round(rate * 1000) / 10.0 + "%";
    }

    private static Map<String, Object> evidence(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
