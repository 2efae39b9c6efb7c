package dev.crowd.stack.browser;

import dev.crowd.stack.LocalStack;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One headless Chromium with its own fresh profile (so no cookie survives from another user), driven
 * through Debian's chromedriver. Signs in through the real Keycloak login page, saves screenshots to
 * {@code target/screenshots/<test>-<step>.png} and keeps downloads in its own folder.
 */
public final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("crowd.browser.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("crowd.browser.chromedriver", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    /** Long enough for a page that waits on Kafka round trips on a busy 2-core machine. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final String test;
    private final Path profile;
    private final Path downloads;
    private final ChromeDriver driver;
    private String user = "anonymous";
    private boolean closed;

    private Browser(String test) throws IOException {
        this.test = test;
        this.profile = Files.createTempDirectory("crowd-chromium-");
        this.downloads = Files.createDirectories(profile.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Without the background-networking flags Chromium waits on services it cannot reach here.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile.resolve("profile"));
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    static Browser open(String test) {
        try {
            return new Browser(test);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public String user() {
        return user;
    }

    /**
     * Opens the console, follows the gateway's redirect to Keycloak's own login form, signs in and
     * waits until the gateway shows the console of the user's role.
     */
    public Browser signIn(String name) {
        driver.get(LocalStack.GATEWAY + "/ui");
        waitUntil(ExpectedConditions.urlContains(LocalStack.KEYCLOAK + "/realms/crowd/"));
        WebElement username = waitUntil(WAIT, d -> {
            List<WebElement> error = d.findElements(By.id("kc-error-message"));
            if (!error.isEmpty()) {
                throw new IllegalStateException("Keycloak shows an error instead of its login form: " + error.getFirst().getText()
                        + " (at " + d.getCurrentUrl() + ")");
            }
            List<WebElement> field = d.findElements(By.id("username"));
            return field.isEmpty() || !field.getFirst().isDisplayed() ? null : field.getFirst();
        });
        username.clear();
        username.sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(name + "-local-only");
        driver.findElement(By.id("kc-login")).click();
        waitUntil(ExpectedConditions.urlMatches("^" + java.util.regex.Pattern.quote(LocalStack.GATEWAY) + "/ui/\\w+"));
        this.user = name;
        waitFor(By.cssSelector("header.top .who strong"));
        return this;
    }

    /** Clicks "Sign out" in the header and waits for the landing page. */
    public void signOut() {
        driver.findElement(By.xpath("//form[@action='/logout']//button")).click();
        // Keycloak sends the browser back to the landing page (with the logout's state parameter).
        waitUntil(ExpectedConditions.urlMatches("^" + java.util.regex.Pattern.quote(LocalStack.GATEWAY) + "/(\\?.*)?$"));
        waitFor(By.linkText("Sign in"));
    }

    public void go(String path) {
        driver.get(LocalStack.GATEWAY + path);
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(LocalStack.GATEWAY) ? url.substring(LocalStack.GATEWAY.length()) : url;
    }

    public WebElement waitFor(By locator) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    public <T> T waitUntil(ExpectedCondition<T> condition) {
        return waitUntil(WAIT, condition);
    }

    public <T> T waitUntil(Duration timeout, Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).until(condition);
    }

    /** Reloads the page until {@code condition} holds: for state that changes behind the page (Kafka). */
    public <T> T reloadUntil(Duration timeout, Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofSeconds(1)).until(d -> {
            T value = condition.apply(d);
            if (value == null || Boolean.FALSE.equals(value)) {
                d.navigate().refresh();
                return null;
            }
            return value;
        });
    }

    /**
     * Form fields of the page that no label names (neither {@code <label for>} nor a wrapping label, nor
     * aria-label): a screen reader would announce them without a name. Returns their id or name.
     */
    @SuppressWarnings("unchecked")
    public List<String> unlabeledFields() {
        return (List<String>) driver.executeScript("""
                return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                  .filter(f => f.labels.length === 0 && !f.getAttribute('aria-label') && !f.getAttribute('aria-labelledby'))
                  .map(f => f.id || f.name || f.outerHTML);""");
    }

    /** Waits for a finished download (Chromium writes {@code *.crdownload} until it is complete). */
    public Path awaitDownload(String suffix) {
        return waitUntil(WAIT, d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                Optional<Path> done = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst();
                return done.orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Saves {@code <test>-<step>.png}; returns the file. */
    public Path screenshot(String step) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(test + "-" + step + ".png");
            Files.write(file, wholePage());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The whole page, not only the window (the consoles are longer than 900 px, capped at 5,000): the
     * window is made as tall as the page for the shot and then put back, so later clicks land where
     * they should (Chromium's capture-beyond-viewport left the page's layout off for the next click).
     */
    private byte[] wholePage() {
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript(
                "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)");
        int tall = Math.min(5_000, Math.max(window.getHeight(), height.intValue() + 120));
        try {
            driver.executeScript("window.scrollTo(0, 0)");
            if (tall > window.getHeight()) {
                driver.manage().window().setSize(new Dimension(window.getWidth(), tall));
            }
            return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    /** After a failure: the screen and the HTML, to see what the page showed. */
    void saveEvidence(String step) {
        screenshot(step);
        try {
            Files.writeString(SCREENSHOTS.resolve(test + "-" + step + ".html"),
                    "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
