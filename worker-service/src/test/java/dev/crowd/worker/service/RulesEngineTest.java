package dev.crowd.worker.service;

import dev.crowd.worker.QualityRules;
import dev.crowd.worker.Sanction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RulesEngineTest {

    private static final Instant NOW = Instant.parse("2026-11-28T15:30:00Z");
    private static final UUID JOB = UUID.randomUUID();
    private static final QualityRules RULES = new QualityRules(
            new QualityRules.GoldAccuracy(0.7, 10, null),
            new QualityRules.GoldAccuracy(0.5, 50, 72),
            new QualityRules.TooFast(2000L, 10, 168),
            new QualityRules.DailyCap(100, 7));
    private static final QualityRules OFF = new QualityRules(null, null, null, null);
    private static final Instant VETERAN = NOW.minus(30, ChronoUnit.DAYS);

    private static List<RulesEngine.Verdict> evaluate(RulesEngine.JobStats job, RulesEngine.PlatformStats platform) {
        return RulesEngine.evaluate(RULES, RULES, job, platform, NOW);
    }

    private static RulesEngine.JobStats job(long correct, long total) {
        return new RulesEngine.JobStats(JOB, correct, total, total, 10_000);
    }

    private static RulesEngine.PlatformStats healthy() {
        return new RulesEngine.PlatformStats(90, 100, 0, VETERAN);
    }

    @Test
    void jobGoldAccuracyNeedsEnoughGoldAnswers() {
        // 0 of 9 is terrible, but 9 < 10 gold answers: no verdict yet
        assertThat(evaluate(job(0, 9), healthy())).isEmpty();
        List<RulesEngine.Verdict> verdicts = evaluate(job(0, 10), healthy());
        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(RulesEngine.JOB_GOLD_ACCURACY);
            assertThat(v.action()).isEqualTo(Sanction.Action.SUSPEND);
            assertThat(v.scope()).isEqualTo(Sanction.Scope.JOB);
            assertThat(v.jobId()).isEqualTo(JOB);
            assertThat(v.expiresAt()).isNull();
            assertThat(v.evidence()).containsEntry("goldCorrect", 0L).containsEntry("goldTotal", 10L);
            assertThat(v.reason()).contains("0.0%", "70.0%");
        });
    }

    @Test
    void accuracyExactlyAtTheMinimumIsNotBelowIt() {
        // 7/10 = 0.7 exactly (0.7 * 10 is 7.000000000000001 in doubles: must not fire)
        assertThat(evaluate(job(7, 10), healthy())).isEmpty();
        assertThat(evaluate(job(6, 10), healthy())).extracting(RulesEngine.Verdict::rule)
                .containsExactly(RulesEngine.JOB_GOLD_ACCURACY);
        // 69.99...% fires
        assertThat(evaluate(job(6999, 10_000), healthy())).extracting(RulesEngine.Verdict::rule)
                .containsExactly(RulesEngine.JOB_GOLD_ACCURACY);
    }

    @Test
    void platformAccuracySuspendsFromThePlatformWithExpiry() {
        RulesEngine.PlatformStats poor = new RulesEngine.PlatformStats(24, 50, 0, VETERAN);
        assertThat(evaluate(job(9, 9), poor)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(RulesEngine.PLATFORM_GOLD_ACCURACY);
            assertThat(v.scope()).isEqualTo(Sanction.Scope.PLATFORM);
            assertThat(v.jobId()).isNull();
            assertThat(v.expiresAt()).isEqualTo(NOW.plus(72, ChronoUnit.HOURS));
        });
        // 25/50 = exactly 0.5: not below
        assertThat(evaluate(job(9, 9), new RulesEngine.PlatformStats(25, 50, 0, VETERAN))).isEmpty();
        // 49 gold answers: not enough
        assertThat(evaluate(job(9, 9), new RulesEngine.PlatformStats(0, 49, 0, VETERAN))).isEmpty();
    }

    @Test
    void tooFastIsStrictlyFasterAndNeedsEnoughItems() {
        RulesEngine.JobStats atLimit = new RulesEngine.JobStats(JOB, 9, 9, 10, 2000);
        RulesEngine.JobStats faster = new RulesEngine.JobStats(JOB, 9, 9, 10, 1999);
        RulesEngine.JobStats fewItems = new RulesEngine.JobStats(JOB, 9, 9, 9, 10);
        assertThat(evaluate(atLimit, healthy())).isEmpty();
        assertThat(evaluate(fewItems, healthy())).isEmpty();
        assertThat(evaluate(faster, healthy())).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(RulesEngine.TOO_FAST);
            assertThat(v.action()).isEqualTo(Sanction.Action.FLAG);
            assertThat(v.scope()).isEqualTo(Sanction.Scope.JOB);
            assertThat(v.expiresAt()).isEqualTo(NOW.plus(168, ChronoUnit.HOURS));
            assertThat(v.evidence()).containsEntry("medianMillisPerItem", 1999L);
        });
    }

    @Test
    void dailyCapStopsNewAnnotatorsAtTheCapUntilUtcMidnight() {
        Instant registered = NOW.minus(6, ChronoUnit.DAYS);
        assertThat(evaluate(job(9, 9), new RulesEngine.PlatformStats(9, 9, 99, registered))).isEmpty();
        assertThat(evaluate(job(9, 9), new RulesEngine.PlatformStats(9, 9, 100, registered)))
                .singleElement().satisfies(v -> {
                    assertThat(v.rule()).isEqualTo(RulesEngine.DAILY_CAP);
                    assertThat(v.scope()).isEqualTo(Sanction.Scope.PLATFORM);
                    assertThat(v.expiresAt()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
                });
    }

    @Test
    void dailyCapDoesNotApplyOnceTheAnnotatorIsNoLongerNew() {
        Instant exactlySevenDays = NOW.minus(7, ChronoUnit.DAYS);
        assertThat(evaluate(job(9, 9), new RulesEngine.PlatformStats(9, 9, 10_000, exactlySevenDays))).isEmpty();
        Instant almostSevenDays = exactlySevenDays.plusSeconds(1);
        assertThat(evaluate(job(9, 9), new RulesEngine.PlatformStats(9, 9, 100, almostSevenDays)))
                .extracting(RulesEngine.Verdict::rule).containsExactly(RulesEngine.DAILY_CAP);
    }

    @Test
    void aJobsOwnRulesReplaceThePlatformsPerJobRulesOnly() {
        QualityRules strictJob = new QualityRules(new QualityRules.GoldAccuracy(0.95, 5, 24), null, null, null);
        List<RulesEngine.Verdict> verdicts = RulesEngine.evaluate(strictJob, RULES,
                new RulesEngine.JobStats(JOB, 9, 10, 10, 100), new RulesEngine.PlatformStats(24, 50, 0, VETERAN), NOW);
        // job rule from the job's set (0.9 < 0.95), too-fast off in the job's set, platform rule still applies
        assertThat(verdicts).extracting(RulesEngine.Verdict::rule)
                .containsExactly(RulesEngine.JOB_GOLD_ACCURACY, RulesEngine.PLATFORM_GOLD_ACCURACY);
        assertThat(verdicts.getFirst().expiresAt()).isEqualTo(NOW.plus(24, ChronoUnit.HOURS));
    }

    @Test
    void rulesThatAreOffNeverFire() {
        assertThat(RulesEngine.evaluate(OFF, OFF, new RulesEngine.JobStats(JOB, 0, 1000, 1000, 1),
                new RulesEngine.PlatformStats(0, 1000, 1_000_000, NOW), NOW)).isEmpty();
    }
}
