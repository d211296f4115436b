package io.dynsync.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/** The store column types a mapped field can have, and how a Web API JSON value converts to each. */
public enum ColumnType {
    STRING("VARCHAR"),
    INTEGER("BIGINT"),
    DECIMAL("NUMERIC(19,4)"),
    BOOLEAN("BOOLEAN"),
    DATE("DATE"),
    TIMESTAMP("TIMESTAMP WITH TIME ZONE");

    private final String sqlType;

    ColumnType(String sqlType) {
        this.sqlType = sqlType;
    }

    /** Portable DDL type (H2 and PostgreSQL), used when a mapping's table is created for it. */
    public String sqlType() {
        return sqlType;
    }

    /**
     * Converts a JSON value to the Java type bound with {@code setObject}; {@code null} for JSON null.
     *
     * @throws IllegalArgumentException when the value does not fit the type
     */
    public Object convert(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        try {
            switch (this) {
                case STRING:
                    return value.isValueNode() ? value.asText() : value.toString();
                case INTEGER:
                    if (value.isIntegralNumber()) {
                        return value.longValue();
                    }
                    return Long.valueOf(value.asText().trim());
                case DECIMAL:
                    return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
                case BOOLEAN:
                    if (value.isBoolean()) {
                        return value.booleanValue();
                    }
                    String text = value.asText().trim();
                    if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                        return Boolean.valueOf(text);
                    }
                    if (value.isIntegralNumber() && (value.intValue() == 0 || value.intValue() == 1)) {
                        return value.intValue() == 1;
                    }
                    throw new IllegalArgumentException("not a boolean: " + text);
                case DATE:
                    // DateOnly comes as yyyy-MM-dd; a DateTime column mapped to a date keeps its UTC date
                    String date = value.asText();
                    return date.length() > 10 ? OffsetDateTime.parse(date).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate()
                            : LocalDate.parse(date);
                case TIMESTAMP:
                    return OffsetDateTime.parse(value.asText()).withOffsetSameInstant(ZoneOffset.UTC);
                default:
                    throw new IllegalStateException(name());
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value.asText() + "' is not a valid " + name().toLowerCase(), e);
        }
    }
}
