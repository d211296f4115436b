package io.dynsync.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.dynsync.mapping.ChildMapping;
import io.dynsync.mapping.ColumnType;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.FieldMapping;
import io.dynsync.mapping.MappingCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the store fit the mappings at start-up: a mapping whose table does not exist yet (a custom
 * entity) gets it created, and a mapped column missing from an existing table is added. The contract
 * tables themselves come from the versioned migrations; this only adds what an operator mapped on top.
 * A mapped column that exists with a type its values do not fit stops start-up, naming the file.
 */
public class MappedTables {

    private static final Logger LOG = LoggerFactory.getLogger(MappedTables.class);

    private final DataSource dataSource;
    private final MappingCatalog mappings;
    private final boolean dryRun;
    private final java.util.List<String> pending = new java.util.ArrayList<>();

    public MappedTables(Store store, MappingCatalog mappings) {
        this.dataSource = store.dataSource();
        this.mappings = mappings;
        this.dryRun = store.dryRun();
    }

    /** What start-up would create, found in a dry run (the validate command). */
    public java.util.List<String> pending() {
        return java.util.List.copyOf(pending);
    }

    /** The bean's init method. */
    public void provision() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (EntityMapping mapping : mappings.all()) {
                Map<String, ColumnType> columns = new LinkedHashMap<>();
                mapping.constants().keySet().forEach(k -> columns.put(k, ColumnType.STRING));
                mapping.fields().forEach(f -> columns.put(f.to(), f.type()));
                String file = mappings.source(mapping.entitySet());
                ensureTable(c, file, mapping.table(), columns, true, null);
                for (ChildMapping child : mapping.children()) {
                    Map<String, ColumnType> childColumns = new LinkedHashMap<>();
                    childColumns.put(child.parentColumn(), ColumnType.STRING);
                    for (ChildMapping.Row row : child.rows()) {
                        row.constants().keySet().forEach(k -> childColumns.put(k, ColumnType.STRING));
                        for (FieldMapping f : row.fields()) {
                            childColumns.put(f.to(), f.type());
                        }
                    }
                    ensureTable(c, file, child.table(), childColumns, false, child.parentColumn());
                }
            }
        }
    }

    private void ensureTable(Connection c, String file, String table, Map<String, ColumnType> columns, boolean mirror,
            String indexed) throws SQLException {
        Map<String, SqlColumn> existing = columns(c, table);
        try (Statement st = c.createStatement()) {
            if (existing.isEmpty() && dryRun) {
                pending.add("table " + table);
                return;
            }
            if (existing.isEmpty()) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append(" (");
                if (mirror) {
                    ddl.append("dynamics_id VARCHAR(36) PRIMARY KEY, ");
                }
                for (Map.Entry<String, ColumnType> column : columns.entrySet()) {
                    ddl.append(column.getKey()).append(' ').append(column.getValue().sqlType()).append(", ");
                }
                if (mirror) {
                    ddl.append("dynamics_modified_on TIMESTAMP WITH TIME ZONE, dynamics_etag VARCHAR(64), ")
                            .append("dynamics_deleted BOOLEAN DEFAULT FALSE NOT NULL, synced_at TIMESTAMP WITH TIME ZONE, ");
                }
                ddl.setLength(ddl.length() - 2);
                st.execute(ddl.append(')').toString());
                if (indexed != null) {
                    st.execute("CREATE INDEX " + table + "_" + indexed + " ON " + table + " (" + indexed + ")");
                }
                LOG.info("Created table {} for its mapping", table);
                return;
            }
            for (Map.Entry<String, ColumnType> column : columns.entrySet()) {
                SqlColumn found = existing.get(column.getKey());
                if (found != null && !fits(column.getValue(), found.jdbcType())) {
                    throw new IllegalArgumentException(file + ": column " + table + "." + column.getKey() + " is "
                            + found.typeName() + " in the store, which cannot hold the mapping's type "
                            + column.getValue().name().toLowerCase(Locale.ROOT) + " (" + column.getValue().sqlType()
                            + "): change the type in the mapping, or the column");
                }
                if (found == null && dryRun) {
                    pending.add("column " + table + "." + column.getKey());
                } else if (found == null) {
                    st.execute("ALTER TABLE " + table + " ADD COLUMN " + column.getKey() + " " + column.getValue().sqlType());
                    LOG.info("Added column {}.{} ({}) for its mapping", table, column.getKey(), column.getValue().sqlType());
                }
            }
        }
    }

    private record SqlColumn(int jdbcType, String typeName) {
    }

    /** Whether a column of this JDBC type takes the mapped type's values without loss or a cast error. */
    static boolean fits(ColumnType type, int jdbcType) {
        return switch (type) {
            case STRING -> Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
                    Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB).contains(jdbcType);
            case INTEGER -> Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL)
                    .contains(jdbcType);
            case DECIMAL -> Set.of(Types.NUMERIC, Types.DECIMAL, Types.DOUBLE, Types.FLOAT, Types.REAL).contains(jdbcType);
            case BOOLEAN -> jdbcType == Types.BOOLEAN || jdbcType == Types.BIT;
            case DATE -> Set.of(Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE).contains(jdbcType);
            case TIMESTAMP -> jdbcType == Types.TIMESTAMP || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE;
        };
    }

    /** The table's columns by lower-case name; empty when the table does not exist. */
    private static Map<String, SqlColumn> columns(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        // the name is a LIKE pattern here: an unescaped _ would also match other tables
        String escape = meta.getSearchStringEscape();
        if (escape != null && !escape.isEmpty()) {
            name = name.replace("_", escape + "_");
        }
        Map<String, SqlColumn> columns = new TreeMap<>();
        try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), name, null)) {
            while (rs.next()) {
                columns.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        new SqlColumn(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
            }
        }
        return columns;
    }
}
