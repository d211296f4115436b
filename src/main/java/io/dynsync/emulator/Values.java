package io.dynsync.emulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Conversions of typed column values: to the Web API's JSON form, to and from the paging cookie's text, and
 * their sort order. Internally: String, Integer, Long, Boolean, BigDecimal, Instant (seconds), LocalDate, Ref,
 * and lower-case GUID strings for key columns.
 */
final class Values {
    private static final DateTimeFormatter UTC_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Values() {
    }

    static String formatDateTime(Instant i) {
        return UTC_SECONDS.format(i);
    }

    /** Parses an ISO-8601 date-time with offset (or a bare date, taken as midnight UTC); null if malformed. */
    static Instant parseDateTime(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The value as it appears in a Web API JSON body (String, Number, Boolean or null). */
    static Object toJson(Object v) {
        if (v instanceof Instant i) {
            return formatDateTime(i);
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof Ref r) {
            return r.id();
        }
        return v;
    }

    /** Sort key for a value of a known column type. */
    @SuppressWarnings("rawtypes")
    static Comparable sortKey(AttrType type, Object v) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case STRING -> Collation.key((String) v);
            case PRIMARY_KEY, GUID -> Guids.sortKey((String) v);
            case LOOKUP -> Guids.sortKey(((Ref) v).id());
            default -> (Comparable) v;
        };
    }

    /** SQL-style ordering with nulls lowest (SQL Server puts nulls first in ascending order). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static int compareKeys(Comparable a, Comparable b) {
        if (a == null) {
            return b == null ? 0 : -1;
        }
        if (b == null) {
            return 1;
        }
        return a.compareTo(b);
    }

    /** Text for the paging cookie; {@link #fromCookieText} reverses it. */
    static String toCookieText(AttrType type, Object v) {
        return switch (type) {
            case PRIMARY_KEY, GUID -> Guids.braced((String) v);
            case LOOKUP -> Guids.braced(((Ref) v).id());
            case DATETIME -> formatDateTime((Instant) v);
            case DECIMAL, MONEY -> ((BigDecimal) v).toPlainString();
            default -> String.valueOf(v);
        };
    }

    static Object fromCookieText(AttrType type, String text) {
        return switch (type) {
            case PRIMARY_KEY, GUID -> requireNonNull(Guids.normalize(text));
            case LOOKUP -> new Ref(null, requireNonNull(Guids.normalize(text)));
            case DATETIME -> requireNonNull(parseDateTime(text));
            case DATEONLY -> LocalDate.parse(text);
            case DECIMAL, MONEY -> new BigDecimal(text);
            case INT -> Integer.valueOf(text);
            case BIGINT -> Long.valueOf(text);
            case BOOL -> Boolean.valueOf(text);
            case STRING -> text;
        };
    }

    private static <T> T requireNonNull(T t) {
        if (t == null) {
            throw new IllegalArgumentException("malformed value");
        }
        return t;
    }
}
