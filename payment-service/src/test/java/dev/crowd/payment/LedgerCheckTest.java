package dev.crowd.payment;

import dev.crowd.testing.CrowdInfraResource;
import dev.crowd.testing.TestDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.crowd.payment.Fixtures.deposit;
import static dev.crowd.payment.Fixtures.ledgerCheck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** The ledger check reports each invariant, and finds an entry altered behind the service's back. */
@QuarkusTest
@WithTestResource(value = CrowdInfraResource.class, scope = TestResourceScope.GLOBAL)
class LedgerCheckTest {

    @Test
    void checkListsEveryInvariantWithItsResult() {
        deposit("check-" + UUID.randomUUID(), "req-check", 12_345).then().statusCode(201);
        ledgerCheck().then().statusCode(200)
                .body("ok", equalTo(true))
                .body("checks.name", hasItems("entries-balance", "accounts-sum-to-zero", "balances-match-lines",
                        "escrow-matches-job", "no-negative-balance", "hash-chain"))
                .body("checks.ok", org.hamcrest.Matchers.everyItem(equalTo(true)));
    }

    @Test
    void theLedgerIsAppendOnlyAndTamperingIsFound() {
        String requester = "req-" + UUID.randomUUID();
        deposit("tamper-" + requester, requester, 50_000).then().statusCode(201);
        long lineId = ((Number) TestDatabase.column("""
                select l.id from journal_line l join account a on a.id = l.account_id
                where a.owner = ? and a.kind = 'REQUESTER_AVAILABLE'""", requester).getFirst()).longValue();

        assertThatThrownBy(() -> TestDatabase.update("update journal_line set amount = 1 where id = ?", lineId))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> TestDatabase.update("delete from journal_line where id = ?", lineId))
                .hasMessageContaining("append-only");

        // someone with the database owner's rights turns the guard off and moves money to themselves
        TestDatabase.update("alter table journal_line disable trigger journal_line_append_only");
        try {
            TestDatabase.update("update journal_line set amount = amount + 1000000 where id = ?", lineId);
            ledgerCheck().then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("checks.find { it.name == 'hash-chain' }.ok", equalTo(false))
                    .body("checks.find { it.name == 'hash-chain' }.detail", org.hamcrest.Matchers.containsString("was altered"))
                    .body("checks.find { it.name == 'entries-balance' }.ok", equalTo(false));
        } finally {
            TestDatabase.update("update journal_line set amount = amount - 1000000 where id = ?", lineId);
            TestDatabase.update("alter table journal_line enable trigger journal_line_append_only");
        }
        ledgerCheck().then().statusCode(200).body("ok", equalTo(true));
        assertThat(TestDatabase.count("select count(*) from journal_line where id = ?", lineId)).isEqualTo(1);
    }
}
