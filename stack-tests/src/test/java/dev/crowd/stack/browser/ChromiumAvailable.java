package dev.crowd.stack.browser;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;

/**
 * Skips the browser tests, with the reason, on a machine without Debian's Chromium and its driver
 * ({@code apt-get install chromium chromium-driver}); CI installs them. A condition rather than an
 * assumption in {@code @BeforeAll}: conditions are checked before any extension starts the stack.
 */
public final class ChromiumAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        for (String path : new String[] {Browser.CHROMIUM, Browser.CHROMEDRIVER}) {
            if (!Files.isExecutable(java.nio.file.Path.of(path))) {
                return ConditionEvaluationResult.disabled("browser tests skipped: " + path + " is missing"
                        + " (apt-get install chromium chromium-driver, or -Dcrowd.browser.chromium/-Dcrowd.browser.chromedriver)");
            }
        }
        return ConditionEvaluationResult.enabled("Chromium found at " + Browser.CHROMIUM);
    }
}
