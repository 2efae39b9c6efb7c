package dev.crowd.gateway.ui;

import io.quarkus.qute.TemplateExtension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** Formatting for the pages: {@code {fmt:money(job.budget)}}, {@code {fmt:percent(x)}}. */
@TemplateExtension(namespace = "fmt")
public final class Fmt {

    /** Money is {@code {amount, currency}} in 1/10,000 of the unit; shown with 2 to 4 decimals, exactly. */
    static String money(Object money) {
        if (!(money instanceof Map<?, ?> m) || !(m.get("amount") instanceof Number amount)) {
            return "–";
        }
        BigDecimal value = BigDecimal.valueOf(amount.longValue(), 4).stripTrailingZeros();
        if (value.scale() < 2) {
            value = value.setScale(2, RoundingMode.UNNECESSARY);
        }
        return value.toPlainString() + " " + (m.get("currency") == null ? "" : m.get("currency"));
    }

    /** 0.873 -> "87%". */
    static String percent(Object ratio) {
        if (!(ratio instanceof Number n)) {
            return "–";
        }
        return Math.round(n.doubleValue() * 100) + "%";
    }

    /** resolved/total as a whole percent for a progress bar. */
    static long share(Object part, Object total) {
        if (!(part instanceof Number p) || !(total instanceof Number t) || t.longValue() <= 0) {
            return 0;
        }
        return Math.min(100, Math.round(p.doubleValue() * 100 / t.doubleValue()));
    }

    static boolean isImage(Object value) {
        if (!(value instanceof String s)) {
            return false;
        }
        String lower = s.toLowerCase();
        return (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:image/"))
                && (lower.startsWith("data:image/") || lower.matches(".*\\.(png|jpe?g|gif|webp|svg)(\\?.*)?$"));
    }

    /** Sum of a map's numeric values (label distribution total), at least 1 for a meter's max. */
    static long sum(Object map) {
        long total = 0;
        if (map instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (v instanceof Number n) {
                    total += n.longValue();
                }
            }
        }
        return Math.max(1, total);
    }

    /** Largest {@code count} of a list of histogram bins, at least 1. */
    static long maxCount(Object bins) {
        long max = 1;
        if (bins instanceof java.util.List<?> list) {
            for (Object bin : list) {
                if (bin instanceof Map<?, ?> m && m.get("count") instanceof Number n) {
                    max = Math.max(max, n.longValue());
                }
            }
        }
        return max;
    }

    static boolean isMap(Object value) {
        return value instanceof Map<?, ?>;
    }

    /** Label of the i-th bucket of a 0..100 histogram in tens: "0–9", "10–19", ... */
    static String bucket(Integer index) {
        int from = index * 10;
        return from + "–" + (from >= 90 ? 100 : from + 9);
    }

    static String json(Object value) {
        try {
            return PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper PRETTY = new com.fasterxml.jackson.databind.ObjectMapper();

    static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private Fmt() {
    }
}
