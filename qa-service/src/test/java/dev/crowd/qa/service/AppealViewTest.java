package dev.crowd.qa.service;

import dev.crowd.qa.AnswerAppeal;
import dev.crowd.qa.Judgment;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What an annotator reads about an appealed answer does not tell a gold item from a regular one. */
class AppealViewTest {

    static Judgment rejected(boolean gold, String reason) {
        Judgment j = new Judgment();
        j.id = UUID.randomUUID();
        j.jobId = UUID.randomUUID();
        j.itemId = UUID.randomUUID();
        j.assignmentId = UUID.randomUUID();
        j.workerId = "w1";
        j.label = "dog";
        j.gold = gold;
        j.verdict = Judgment.Verdict.REJECTED;
        j.reason = reason;
        return j;
    }

    static AnswerAppeal appealOf(Judgment j) {
        AnswerAppeal a = new AnswerAppeal();
        a.id = UUID.randomUUID();
        a.jobId = j.jobId;
        a.itemId = j.itemId;
        a.assignmentId = j.assignmentId;
        a.workerId = j.workerId;
        a.comment = "it is a dog";
        a.status = AnswerAppeal.Status.PENDING;
        return a;
    }

    @Test
    void goldAndConsensusRejectionsReadTheSameToTheAnnotatorAndInFullToAdmins() {
        Judgment gold = rejected(true, "gold: expected cat, answered dog");
        Judgment consensus = rejected(false, "consensus: cat (confidence 0.71), answered dog");

        String goldToAnnotator = AppealService.view(appealOf(gold), gold, false).rejectionReason();
        String consensusToAnnotator = AppealService.view(appealOf(consensus), consensus, false).rejectionReason();

        assertThat(goldToAnnotator).isEqualTo(consensusToAnnotator).doesNotContainIgnoringCase("control");
        assertThat(AppealService.view(appealOf(gold), gold, true).rejectionReason())
                .isEqualTo("gold: expected cat, answered dog");
    }

    @Test
    void upheldAppealsReadTheSameToTheAnnotator() {
        Judgment gold = rejected(true, "appeal upheld (was: gold: expected cat, answered dog)");
        Judgment consensus = rejected(false, "appeal upheld (was: consensus: cat (confidence 0.71), answered dog)");
        gold.verdict = Judgment.Verdict.ACCEPTED;
        consensus.verdict = Judgment.Verdict.ACCEPTED;

        assertThat(AppealService.view(appealOf(gold), gold, false).rejectionReason())
                .isEqualTo(AppealService.view(appealOf(consensus), consensus, false).rejectionReason());
    }
}
