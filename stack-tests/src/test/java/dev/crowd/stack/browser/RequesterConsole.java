package dev.crowd.stack.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The requester's pages: {@code /ui/jobs} (balance, jobs, the create form) and {@code /ui/jobs/{id}}. */
public final class RequesterConsole {

    private static final Pattern JOB_PAGE = Pattern.compile("/ui/jobs/([0-9a-fA-F-]{8,})");

    private final Browser browser;

    public RequesterConsole(Browser browser) {
        this.browser = browser;
    }

    public void open() {
        browser.go("/ui/jobs");
        browser.waitFor(By.id("title"));
    }

    /**
     * Fills the create-a-job form and sends it; the form comes back with an error right after the bad
     * field, which the field names as its description (what a screen reader reads with it). Returns it.
     */
    public String createJobRefused(Map<String, String> fields, String badField) {
        fill(fields);
        WebElement before = browser.driver().findElement(By.id(badField));
        clickCreate();
        browser.waitUntil(ExpectedConditions.stalenessOf(before));
        WebElement next = browser.waitFor(By.xpath("//*[@id='" + badField + "']/following-sibling::*[1][self::p][contains(@class,'error')]"));
        WebElement field = browser.driver().findElement(By.id(badField));
        if (!"true".equals(field.getDomAttribute("aria-invalid")) || !next.getDomAttribute("id").equals(field.getDomAttribute("aria-describedby"))) {
            throw new AssertionError("the error next to " + badField + " is not tied to it: " + field.getDomAttribute("aria-describedby"));
        }
        return next.getText();
    }

    /** Fills the create-a-job form field by field (by the fields' ids) and returns the new job's id. */
    public String createJob(Map<String, String> fields) {
        fill(fields);
        browser.screenshot(browser.user() + "-job-form");
        clickCreate();
        String url = browser.waitUntil(d -> JOB_PAGE.matcher(d.getCurrentUrl()).find() ? d.getCurrentUrl() : null);
        Matcher m = JOB_PAGE.matcher(url);
        m.find();
        browser.waitFor(By.tagName("h1"));
        return m.group(1);
    }

    private void clickCreate() {
        browser.driver().findElement(By.xpath("//button[normalize-space()='Create job']")).click();
    }

    private void fill(Map<String, String> fields) {
        fields.forEach((id, value) -> {
            WebElement field = browser.driver().findElement(By.id(id));
            if ("select".equals(field.getTagName())) {
                new Select(field).selectByValue(value);
            } else {
                field.clear();
                field.sendKeys(value);
            }
        });
    }

    public void openJob(String jobId) {
        browser.go("/ui/jobs/" + jobId);
        browser.waitFor(By.id("status"));
    }

    /** Uploads an items file with the page's form and returns the import report shown under it. */
    public String uploadItems(Path file) {
        browser.driver().findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        browser.driver().findElement(By.xpath("//form[contains(@class,'upload')]//button[normalize-space()='Upload']")).click();
        return browser.waitFor(By.cssSelector(".upload-result p")).getText();
    }

    /** Clicks "Submit job" and returns the funding result shown in its place. */
    public String submit() {
        browser.driver().findElement(By.xpath("//button[normalize-space()='Submit job']")).click();
        return browser.waitFor(By.cssSelector("#funding p")).getText();
    }

    /** Reloads the job page until its status is {@code status} (funding and completion arrive through Kafka). */
    public void awaitStatus(String status, Duration timeout) {
        browser.reloadUntil(timeout, d -> {
            var found = d.findElements(By.id("status"));
            return !found.isEmpty() && status.equals(found.get(0).getText());
        });
    }

    public String status() {
        return browser.driver().findElement(By.id("status")).getText();
    }

    public String progress() {
        return browser.driver().findElement(By.xpath("//section[h2[@id='prog-h']]")).getText();
    }

    /** Clicks a download link of the job page ("CSV", "JSON Lines", "Label Studio JSON"); returns the saved file. */
    public Path download(String linkText, String suffix) {
        browser.waitUntil(ExpectedConditions.elementToBeClickable(By.linkText(linkText))).click();
        return browser.awaitDownload(suffix);
    }
}
