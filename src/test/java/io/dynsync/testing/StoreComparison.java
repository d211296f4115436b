package io.dynsync.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.mapping.ChildMapping;
import io.dynsync.mapping.ColumnType;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.FieldMapping;

/**
 * Compares the store with the emulator: for every mapped entity, the same records (no more, no
 * fewer), every mapped column equal to the Dynamics attribute it comes from, and the derived child
 * rows. The expected values are worked out here from the emulator's records, independently of the
 * sync's mapper.
 */
public final class StoreComparison {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET = "@Microsoft.Dynamics.CRM.lookuplogicalname";

    private StoreComparison() {
    }

    /** The differences found, one line each; empty when the store equals the emulator. */
    public static List<String> differences(DataverseEmulator emulator, DataSource store, Iterable<EntityMapping> mappings)
            throws SQLException {
        List<String> differences = new ArrayList<>();
        // a lead qualified into a contact has no person of its own: the contact took it over
        Set<String> qualifiedLeads = new HashSet<>();
        for (EntityMapping mapping : mappings) {
            if (mapping.qualifiedFrom() != null) {
                for (Map<String, Object> record : emulator.data().list(mapping.entitySet())) {
                    Object lead = record.get(mapping.qualifiedFrom());
                    if (lead != null && !isExcluded(mapping, record) && record.get(String.valueOf(mapping.mergedInto())) == null) {
                        qualifiedLeads.add(lead.toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        try (Connection c = store.getConnection()) {
            for (EntityMapping mapping : mappings) {
                compare(emulator, c, mapping, qualifiedLeads, differences);
            }
        }
        return differences;
    }

    /** The record's sync filter says No. */
    private static boolean isExcluded(EntityMapping mapping, Map<String, Object> record) {
        return mapping.filter() != null && Boolean.FALSE.equals(record.get(mapping.filter()));
    }

    private static void compare(DataverseEmulator emulator, Connection c, EntityMapping mapping, Set<String> qualifiedLeads,
            List<String> out) throws SQLException {
        String set = mapping.entitySet();
        // records a person does not mirror: merged into another, excluded by the sync filter, or a qualified lead
        List<Map<String, Object>> records = emulator.data().list(set).stream()
                .filter(r -> mapping.mergedInto() == null || r.get(mapping.mergedInto()) == null)
                .filter(r -> !isExcluded(mapping, r))
                .filter(r -> !qualifiedLeads.contains(String.valueOf(r.get(mapping.primaryKey())).toLowerCase(Locale.ROOT)))
                .toList();
        Map<String, Map<String, Object>> rows = rows(c, mapping);
        if (rows.size() != records.size()) {
            out.add(set + ": " + records.size() + " records in Dynamics, " + rows.size() + " rows in " + mapping.table());
        }
        Set<String> expectedChildren = new TreeSet<>();
        for (Map<String, Object> record : records) {
            String id = String.valueOf(record.get(mapping.primaryKey())).toLowerCase(Locale.ROOT);
            Map<String, Object> row = rows.get(id);
            if (row == null) {
                out.add(set + " " + id + ": missing from " + mapping.table());
                continue;
            }
            for (FieldMapping field : mapping.fields()) {
                Object expected = expected(record, field);
                Object actual = normalize(row.get(field.to()), field.type());
                if (!Objects.equals(expected, actual)) {
                    out.add(set + " " + id + " " + field.to() + ": expected <" + expected + "> but store has <" + actual + ">");
                }
            }
            for (Map.Entry<String, String> constant : mapping.constants().entrySet()) {
                if (!constant.getValue().equals(row.get(constant.getKey()))) {
                    out.add(set + " " + id + " " + constant.getKey() + ": expected " + constant.getValue());
                }
            }
            if (!Objects.equals(record.get("@odata.etag"), row.get("dynamics_etag"))) {
                out.add(set + " " + id + ": etag " + record.get("@odata.etag") + " but store has " + row.get("dynamics_etag"));
            }
            for (ChildMapping child : mapping.children()) {
                for (ChildMapping.Row childRow : child.rows()) {
                    List<String> values = new ArrayList<>();
                    for (FieldMapping field : childRow.fields()) {
                        Object value = expected(record, field);
                        if (value == null) {
                            values = null;
                            break;
                        }
                        values.add(field.to() + "=" + value);
                    }
                    if (values != null) {
                        expectedChildren.add(child.table() + " " + id + " " + values + " " + new java.util.TreeMap<>(childRow.constants()));
                    }
                }
            }
        }
        for (ChildMapping child : mapping.children()) {
            Set<String> actualChildren = childRows(c, child);
            Set<String> expectedOfTable = new TreeSet<>();
            expectedChildren.stream().filter(s -> s.startsWith(child.table() + " ")).forEach(expectedOfTable::add);
            if (!actualChildren.equals(expectedOfTable)) {
                Set<String> missing = new TreeSet<>(expectedOfTable);
                missing.removeAll(actualChildren);
                Set<String> extra = new TreeSet<>(actualChildren);
                extra.removeAll(expectedOfTable);
                out.add(child.table() + ": missing " + missing + ", unexpected " + extra);
            }
        }
    }

    private static Object expected(Map<String, Object> record, FieldMapping field) {
        for (String attribute : field.from()) {
            Object value = record.get(attribute);
            if (value == null) {
                continue;
            }
            if (field.target() != null && !field.target().equalsIgnoreCase(String.valueOf(record.get(attribute + TARGET)))) {
                continue;
            }
            if (!field.values().isEmpty()) {
                value = field.values().get(String.valueOf(value));
            }
            if (FieldMapping.isLookup(attribute)) {
                value = String.valueOf(value).toLowerCase(Locale.ROOT);
            }
            return normalize(field.type().convert(JSON.valueToTree(value)), field.type());
        }
        return null;
    }

    /** One comparable form per type, whatever the JDBC driver or the JSON gave. */
    static Object normalize(Object value, ColumnType type) {
        if (value == null) {
            return null;
        }
        switch (type) {
            case INTEGER:
                return ((Number) value).longValue();
            case DECIMAL:
                return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
            case BOOLEAN:
                return value;
            case DATE:
                return value instanceof java.sql.Date d ? d.toLocalDate().toString() : LocalDate.parse(value.toString()).toString();
            case TIMESTAMP:
                return value instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC).toInstant() : value;
            default:
                return value.toString();
        }
    }

    private static Map<String, Map<String, Object>> rows(Connection c, EntityMapping mapping) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(mapping.table())
                // rows of records deleted in Dynamics may stay, flagged: they are not records of Dynamics
                .append(" WHERE dynamics_id IS NOT NULL AND dynamics_deleted = FALSE");
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, String> constant : mapping.constants().entrySet()) {
            sql.append(" AND ").append(constant.getKey()).append(" = ?");
            args.add(constant.getValue());
        }
        Map<String, Map<String, Object>> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        String name = rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT);
                        Object value = rs.getObject(i);
                        if (value instanceof java.sql.Date || value instanceof LocalDate) {
                            value = rs.getObject(i, LocalDate.class);
                        } else if (value instanceof java.sql.Timestamp || value instanceof OffsetDateTime
                                || value != null && value.getClass().getName().contains("Timestamp")) {
                            value = rs.getObject(i, OffsetDateTime.class);
                        }
                        row.put(name, value);
                    }
                    rows.put(String.valueOf(row.get("dynamics_id")), row);
                }
            }
        }
        return rows;
    }

    private static Set<String> childRows(Connection c, ChildMapping child) throws SQLException {
        Set<String> rows = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + child.table()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (ChildMapping.Row childRow : child.rows()) {
                    boolean constantsMatch = childRow.constants().entrySet().stream()
                            .allMatch(e -> e.getValue().equals(get(rs, e.getKey())));
                    if (!constantsMatch) {
                        continue;
                    }
                    List<String> values = new ArrayList<>();
                    for (FieldMapping field : childRow.fields()) {
                        values.add(field.to() + "=" + normalize(get(rs, field.to()), field.type()));
                    }
                    rows.add(child.table() + " " + get(rs, child.parentColumn()) + " " + values + " "
                            + new java.util.TreeMap<>(childRow.constants()));
                }
            }
        }
        return new TreeSet<>(rows);
    }

    private static Object get(ResultSet rs, String column) {
        try {
            return rs.getObject(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
