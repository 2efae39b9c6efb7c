package dev.crowd.payment.rest;

import dev.crowd.payment.ledger.EntryKind;
import dev.crowd.payment.repository.StatementRepository.Filter;
import dev.crowd.platform.problem.ProblemException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;

/** Parses query parameters by hand so that a bad value is a 400 naming the parameter. */
final class QueryParams {

    /** {@code from}/{@code to} as a date (UTC days, {@code to} inclusive) or an ISO-8601 instant. */
    static Filter statementFilter(String from, String to, String kind) {
        return new Filter(instant(from, "from", false), instant(to, "to", true), entryKind(kind));
    }

    static int integer(String value, String name, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "must be an integer");
        }
    }

    static UUID uuid(String value, String name) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalidField(name, "must be a UUID");
        }
    }

    private static Instant instant(String value, String name, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "must be a date (2026-11-28) or an ISO-8601 instant");
        }
    }

    private static EntryKind entryKind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return EntryKind.valueOf(value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("kind", "must be one of " + Arrays.toString(EntryKind.values()));
        }
    }

    private QueryParams() {
    }
}
