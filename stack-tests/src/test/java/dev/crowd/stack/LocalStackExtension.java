package dev.crowd.stack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the local stack once for the whole test run, however many classes use it, and stops it when
 * the run ends: each start costs one to two minutes. Use with {@code @ExtendWith(LocalStackExtension.class)}.
 */
public final class LocalStackExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RunningStack.class, k -> RunningStack.start(), RunningStack.class);
    }

    /** Closed by JUnit when the root context closes, after the last test class. */
    static final class RunningStack implements ExtensionContext.Store.CloseableResource {

        static RunningStack start() {
            try {
                LocalStack.up();
                return new RunningStack();
            } catch (Exception e) {
                try {
                    LocalStack.down(); // a half-started stack must not outlive the run
                } catch (Exception stopping) {
                    e.addSuppressed(stopping);
                }
                throw new IllegalStateException("the local stack did not start", e);
            }
        }

        @Override
        public void close() throws Exception {
            LocalStack.down();
        }
    }
}
