package dev.crowd.payment.repository;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Converts native-query column values, whose Java types vary a little with the driver. */
public final class Rows {

    public static long asLong(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    public static String asString(Object value) {
        return value == null ? null : value.toString().trim();
    }

    public static UUID asUuid(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
    }

    public static Instant asInstant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime odt -> odt.toInstant();
            case LocalDateTime ldt -> ldt.toInstant(ZoneOffset.UTC);
            case java.sql.Timestamp ts -> ts.toInstant();
            default -> OffsetDateTime.parse(value.toString()).toInstant();
        };
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private Rows() {
    }
}
