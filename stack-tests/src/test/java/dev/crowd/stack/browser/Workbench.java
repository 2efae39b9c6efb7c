package dev.crowd.stack.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.function.Function;

/**
 * The annotator's workbench, used with the keyboard only: the claim button's access key, the label
 * hotkeys on the focused item, and Enter to submit.
 */
public final class Workbench {

    private final Browser browser;

    public Workbench(Browser browser) {
        this.browser = browser;
    }

    /** The workbench with claims limited to one job (the link on the requester's job page). */
    public void openForJob(String jobId) {
        browser.go("/ui/work?job=" + jobId);
        browser.waitFor(By.xpath("//button[contains(., 'Claim next micro-job')]"));
    }

    /** Alt+N: the claim button's access key in Chromium on Linux. Waits for the first item. */
    public void claimWithAccessKey() {
        new Actions(browser.driver()).keyDown(Keys.ALT).sendKeys("n").keyUp(Keys.ALT).perform();
        browser.waitFor(By.cssSelector("form.answers fieldset.item:not([hidden])"));
        // The page script puts the focus on the item's labels right after htmx has swapped the micro-job in.
        browser.waitUntil(d -> "radio".equals(focused().getDomAttribute("type")));
    }

    /** ← or →: the previous or next item, its label (if any) kept. */
    public void move(Keys arrow) {
        String before = position();
        new Actions(browser.driver()).sendKeys(arrow).perform();
        browser.waitUntil(d -> !position().equals(before));
    }

    /** The label chosen for the item on screen, or null. */
    public String chosenLabel() {
        return visibleItem().findElements(By.cssSelector("input[type=radio]:checked")).stream()
                .map(e -> e.getDomAttribute("value")).findFirst().orElse(null);
    }

    /** The title of the claimed micro-job's job. */
    public String assignmentTitle() {
        return browser.driver().findElement(By.cssSelector("#assignment h3")).getText();
    }

    /** "Item 2 of 3". */
    public String position() {
        return browser.driver().findElement(By.xpath("//form[contains(@class,'answers')]/p[starts-with(normalize-space(),'Item')]")).getText();
    }

    public int labeled() {
        return Integer.parseInt(browser.driver().findElement(By.cssSelector("progress.done")).getDomProperty("value"));
    }

    public String leaseCountdown() {
        return browser.driver().findElement(By.cssSelector(".countdown")).getText();
    }

    public int itemCount() {
        return Integer.parseInt(browser.driver().findElement(By.cssSelector("form.answers .total")).getText());
    }

    /** The text of the item on screen. */
    public String currentItem() {
        return visibleItem().findElement(By.cssSelector(".item-data")).getText();
    }

    /** The element that has the keyboard focus, to check where a key press lands. */
    public WebElement focused() {
        return browser.driver().switchTo().activeElement();
    }

    /**
     * Presses the hotkey {@code hotkeyFor} picks for the item on screen; the page then shows the next
     * item (or moves the focus to the submit button after the last one). Returns the key pressed.
     */
    public String labelCurrentItem(Function<String, String> hotkeyFor) {
        WebElement item = visibleItem();
        String key = hotkeyFor.apply(item.findElement(By.cssSelector(".item-data")).getText());
        new Actions(browser.driver()).sendKeys(key).perform();
        browser.waitUntil(d -> !item.isDisplayed() || !item.findElements(By.cssSelector("input[type=radio]:checked")).isEmpty());
        return key;
    }

    /** Enter submits once every item has a label; returns the confirmation shown. */
    public String submitWithEnter() {
        new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
        return browser.waitFor(By.cssSelector("#workspace p.ok")).getText();
    }

    private WebElement visibleItem() {
        return browser.driver().findElement(By.cssSelector("form.answers fieldset.item:not([hidden])"));
    }
}
