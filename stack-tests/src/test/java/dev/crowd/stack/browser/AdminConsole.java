package dev.crowd.stack.browser;

import org.openqa.selenium.By;

import java.time.Duration;
import java.util.List;

/** The admin console: workforce, the workers table, the ledger check. */
public final class AdminConsole {

    private final Browser browser;

    public AdminConsole(Browser browser) {
        this.browser = browser;
    }

    public void open() {
        browser.go("/ui/admin");
        browser.waitFor(By.id("workers"));
    }

    public String workersTable() {
        return browser.driver().findElement(By.id("workers")).getText();
    }

    public String workforce() {
        return browser.driver().findElement(By.xpath("//section[h2[@id='wf-h']]")).getText();
    }

    /**
     * Reloads until every worker id is in the workers table: an annotator first seen by the quality
     * service is registered when their first score arrives through Kafka.
     */
    public void awaitWorkers(List<String> workerIds, Duration timeout) {
        browser.reloadUntil(timeout, d -> {
            String table = d.findElement(By.id("workers")).getText();
            return workerIds.stream().allMatch(table::contains);
        });
    }

    /** Clicks "Run the ledger check" and returns the verdict line. */
    public String runLedgerCheck() {
        browser.driver().findElement(By.xpath("//button[normalize-space()='Run the ledger check']")).click();
        return browser.waitFor(By.cssSelector("#ledger p[role=status]")).getText();
    }
}
