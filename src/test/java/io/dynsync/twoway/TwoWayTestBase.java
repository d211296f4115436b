package io.dynsync.twoway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.QualifiedLead;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A fresh emulator and a running sync per test, with helpers to act as another application on the store. */
abstract class TwoWayTestBase {

    DataverseEmulator emulator;
    SyncRuntime sync;
    Map<String, String> storeSettings;

    /** Store settings (sync.store.*) for a fresh, empty store. */
    abstract Map<String, String> store() throws Exception;

    /** Further sync settings of the test class. */
    Map<String, String> settings() {
        return Map.of();
    }

    EmulatorOptions organization() {
        return EmulatorOptions.defaults().count("leads", 40).count("contacts", 30).count("accounts", 10)
                .count("opportunities", 5).count("systemusers", 5).count("teams", 2).count("new_projects", 2);
    }

    @BeforeEach
    void start() throws Exception {
        emulator = DataverseEmulator.start(organization());
        Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
        storeSettings = store();
        properties.putAll(storeSettings);
        properties.putAll(settings());
        sync = SyncRuntime.start(properties);
        sync.awaitFirstCycles();
        sync.awaitFirstOutboundCycles();
    }

    @AfterEach
    void stop() throws Exception {
        if (sync != null) {
            sync.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------

    Iterable<io.dynsync.mapping.EntityMapping> mappings() {
        return sync.bean("syncMappings", MappingCatalog.class).all();
    }

    /** A statement run by another application: its own connection, plain SQL, no cooperation. */
    void sql(String statement, Object... args) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(storeSettings.get("sync.store.url"),
                storeSettings.getOrDefault("sync.store.username", "sa"), "");
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    Map<String, Object> person(String dynamicsId) throws SQLException {
        List<Map<String, Object>> rows = rows("SELECT * FROM persons WHERE dynamics_id = ?", dynamicsId);
        assertThat(rows).as("the person of " + dynamicsId).hasSize(1);
        return rows.get(0);
    }

    List<Map<String, Object>> rows(String query, Object... args) throws SQLException {
        try (Connection c = sync.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT),
                                value instanceof Integer n ? Long.valueOf(n) : value instanceof Number n && !(value instanceof java.math.BigDecimal) ? n.longValue() : value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    List<List<Map<String, Object>>> storeSnapshot() throws SQLException {
        return List.of(rows("SELECT * FROM persons ORDER BY id"), rows("SELECT * FROM sync_state ORDER BY entity, direction"),
                rows("SELECT * FROM sync_errors ORDER BY id"), rows("SELECT * FROM companies ORDER BY dynamics_id"));
    }

    static Map<String, Object> withoutSystemFields(Map<String, Object> record, String... also) {
        Map<String, Object> copy = new LinkedHashMap<>(record);
        copy.keySet().removeIf(k -> k.startsWith("@odata") || k.equals("modifiedon") || k.equals("versionnumber")
                || k.startsWith("_modifiedby_value"));
        for (String key : also) {
            copy.remove(key);
        }
        return copy;
    }
}
