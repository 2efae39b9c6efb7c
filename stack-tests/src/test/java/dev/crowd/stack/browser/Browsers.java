package dev.crowd.stack.browser;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * The browsers a test opens: when the test fails, each still-open one saves a screenshot and its HTML
 * ({@code <test>-failed-<user>}) before it is closed, so a CI failure shows what the page looked like.
 * Register with {@code @RegisterExtension}.
 */
public final class Browsers implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {

    private final List<Browser> open = new ArrayList<>();
    private String test = "test";

    /** A fresh browser (own profile, no cookies) signed in as {@code user} through Keycloak. */
    public Browser signedIn(String user) {
        return open().signIn(user);
    }

    public Browser open() {
        Browser browser = Browser.open(test);
        open.add(browser);
        return browser;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        test = context.getRequiredTestMethod().getName();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (Browser browser : open) {
            if (!browser.isClosed()) {
                try {
                    browser.saveEvidence("failed-" + browser.user());
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        open.forEach(Browser::close);
        open.clear();
    }
}
