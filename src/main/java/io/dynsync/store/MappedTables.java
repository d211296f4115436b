package io.dynsync.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
 */
public class MappedTables {

    private static final Logger LOG = LoggerFactory.getLogger(MappedTables.class);

    private final DataSource dataSource;
    private final MappingCatalog mappings;

    public MappedTables(Store store, MappingCatalog mappings) {
        this.dataSource = store.dataSource();
        this.mappings = mappings;
    }

    /** The bean's init method. */
    public void provision() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (EntityMapping mapping : mappings.all()) {
                Map<String, ColumnType> columns = new LinkedHashMap<>();
                mapping.constants().keySet().forEach(k -> columns.put(k, ColumnType.STRING));
                mapping.fields().forEach(f -> columns.put(f.to(), f.type()));
                ensureTable(c, mapping.table(), columns, true, null);
                for (ChildMapping child : mapping.children()) {
                    Map<String, ColumnType> childColumns = new LinkedHashMap<>();
                    childColumns.put(child.parentColumn(), ColumnType.STRING);
                    for (ChildMapping.Row row : child.rows()) {
                        row.constants().keySet().forEach(k -> childColumns.put(k, ColumnType.STRING));
                        for (FieldMapping f : row.fields()) {
                            childColumns.put(f.to(), f.type());
                        }
                    }
                    ensureTable(c, child.table(), childColumns, false, child.parentColumn());
                }
            }
        }
    }

    private void ensureTable(Connection c, String table, Map<String, ColumnType> columns, boolean mirror, String indexed)
            throws SQLException {
        Set<String> existing = columns(c, table);
        try (Statement st = c.createStatement()) {
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
                if (!existing.contains(column.getKey())) {
                    st.execute("ALTER TABLE " + table + " ADD COLUMN " + column.getKey() + " " + column.getValue().sqlType());
                    LOG.info("Added column {}.{} ({}) for its mapping", table, column.getKey(), column.getValue().sqlType());
                }
            }
        }
    }

    /** The table's column names in lower case; empty when the table does not exist. */
    private static Set<String> columns(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String name = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
        // the name is a LIKE pattern here: an unescaped _ would also match other tables
        String escape = meta.getSearchStringEscape();
        if (escape != null && !escape.isEmpty()) {
            name = name.replace("_", escape + "_");
        }
        Set<String> columns = new TreeSet<>();
        try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), name, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }
}
