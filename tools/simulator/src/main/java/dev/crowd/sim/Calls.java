package dev.crowd.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/** How the simulation calls a platform that may be restarting: retries, back-off, sleeps. */
final class Calls {

    static JsonNode read(String line) {
        try {
            return Api.JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a results line that is not JSON: " + line, e);
        }
    }

    static long retryAfterMillis(Api.Reply reply) {
        String header = reply.header("Retry-After");
        try {
            return header == null ? 1000 : Math.max(100, Long.parseLong(header) * 1000);
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    /** Repeats a call that failed because a component is restarting (connection refused, 5xx), up to 2 min. */
    static <T> T retrying(AtomicLong transientErrors, java.util.concurrent.Callable<T> call) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            try {
                return call.call();
            } catch (UncheckedIOException | IllegalStateException e) {
                if (System.currentTimeMillis() > deadline || !transientFailure(e)) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
                transientErrors.incrementAndGet();
                sleep(1000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean transientFailure(Exception e) {
        if (e instanceof UncheckedIOException) {
            return true;
        }
        String m = String.valueOf(e.getMessage());
        return m.contains(" answered 5") || m.contains(" answered 429");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Calls() {
    }
}
