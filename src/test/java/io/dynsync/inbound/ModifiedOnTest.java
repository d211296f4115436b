package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;

class ModifiedOnTest {

    /** The contract column dynamics_modified_on stays filled for tables read through change tracking. */
    @Test
    void change_tracked_rows_keep_dynamics_modified_on() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("accounts", 5).count("leads", 5));
             SyncRuntime sync = SyncRuntime.start(SyncRuntime.properties(emulator.baseUrl()))) {
            sync.awaitFirstCycles();
            try (Connection c = sync.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM companies WHERE dynamics_modified_on IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("companies without dynamics_modified_on").isZero();
            }
        }
    }
}
