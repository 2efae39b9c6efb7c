package dev.crowd.platform.problem;

import java.lang.reflect.Method;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Recognises failures that say "try again in a moment" rather than "this request is wrong or the code is
 * broken": a store refusing or dropping connections (PostgreSQL restarting, Redis or Kafka unreachable),
 * and PostgreSQL's own retryable outcomes (serialization failure, deadlock victim). Such failures are
 * answered with 503 and Retry-After instead of an anonymous 500.
 *
 * <p>This module does not depend on the database clients, so their exceptions are recognised by name and
 * by their SQLSTATE accessor rather than by type.
 */
public final class TransientFailures {

    /** Exception classes whose mere presence in the cause chain means "the connection is gone". */
    private static final Set<String> CONNECTION_LOST = Set.of(
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.vertx.core.net.impl.ConnectionBase$ClosedException");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        return find(failure) != null;
    }

    public static String describe(Throwable failure) {
        Throwable cause = find(failure);
        return cause == null ? String.valueOf(failure) : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable find(Throwable failure) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        todo.add(failure);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof ConnectException || t instanceof ClosedChannelException
                    || CONNECTION_LOST.contains(t.getClass().getName()) || retryableSqlState(sqlState(t))) {
                return t;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                todo.add(suppressed);
            }
        }
        return null;
    }

    /**
     * SQLSTATE classes 08 (connection exception), 57P (operator intervention: shutting down, starting
     * up), 53300 (too many connections) and 40001 / 40P01 (serialization failure, deadlock).
     */
    static boolean retryableSqlState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                || state.equals("40001") || state.equals("40P01"));
    }

    private static String sqlState(Throwable t) {
        if (t instanceof java.sql.SQLException sql) {
            return sql.getSQLState();
        }
        try {
            Method accessor = t.getClass().getMethod("getSqlState");
            Object state = accessor.invoke(t);
            return state instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException notADatabaseError) {
            return null;
        }
    }
}
