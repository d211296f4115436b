package io.dynsync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketing store: a pooled JDBC connection (HikariCP) whose schema is brought up to date with
 * versioned migrations (Flyway) when the bean starts.
 */
public class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    /** Our own history table, so an embedding host's Flyway history is left alone. */
    static final String HISTORY_TABLE = "sync_schema_history";

    private final String url;
    private final String username;
    private final String password;
    private final int poolSize;
    private HikariDataSource dataSource;
    private Flyway flyway;
    private boolean dryRun;

    public Store(String url, String username, String password, int poolSize) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("sync.store.url is empty");
        }
        this.url = url;
        this.username = username;
        this.password = password;
        this.poolSize = poolSize;
    }

    /** {@code sync.store.dry-run} (set by the validate command): connect and look, migrate nothing. */
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Migrations start-up would apply (none once started, unless a dry run). */
    public int pendingMigrations() {
        return flyway.info().pending().length;
    }

    /** Connects and migrates (the bean's init method); fails start-up when the store is unreachable. */
    public void start() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sync-store");
        config.setJdbcUrl(durable(url));
        config.setUsername(username == null || username.isEmpty() ? null : username);
        config.setPassword(password == null || password.isEmpty() ? null : password);
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(true);
        // keep trying for a while at start-up: a store that is restarting, or an H2 file whose lock a
        // crashed process left behind (H2 frees it after a few seconds), is not a configuration error
        config.setInitializationFailTimeout(20_000);
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            // the message of a driver error can carry the URL but never the password, which we do not log
            throw new IllegalStateException("sync.store.url: cannot connect to the store: " + e.getMessage(), e);
        }
        flyway = Flyway.configure()
                .dataSource(dataSource)
                .table(HISTORY_TABLE)
                // portable migrations, plus per-database ones (change detection needs triggers or H2's ON UPDATE)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor(url))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        if (dryRun) {
            LOG.info("Store reachable, schema version {}, {} migration(s) pending (dry run: nothing applied)", schemaVersion(),
                    pendingMigrations());
            return;
        }
        MigrateResult result = flyway.migrate();
        LOG.info("Store ready ({}), schema version {}, {} migration(s) applied", result.database,
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * An H2 file database writes commits to disk up to half a second later by default, so a killed
     * process loses its last commits, checkpoints included. The sync's guarantees need every commit on
     * disk, so H2 URLs get {@code WRITE_DELAY=0} unless they say otherwise.
     */
    static String durable(String url) {
        boolean h2File = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        return h2File && !url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY=") ? url + ";WRITE_DELAY=0" : url;
    }

    /** The folder of the database's own migrations (Flyway 13 does not expand a {vendor} placeholder). */
    static String vendor(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return "h2";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        throw new IllegalArgumentException("sync.store.url: only H2 and PostgreSQL stores are supported (was "
                + url.replaceAll("[?;].*", "") + ")");
    }

    /** The schema version the store is at (after the start-up migration). */
    public String schemaVersion() {
        return flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
    }

    /** Work done in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs the work in one transaction, marked as the sync's own: the persons change triggers do not
     * take its writes for store changes. The mark is transaction-local on PostgreSQL (safe behind a
     * transaction-pooling proxy) and a session variable on H2, cleared when the transaction ends.
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                markAsSync(c);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                unmark(c);
            }
        }
    }

    /**
     * H2's mark is a session variable: cleared before the connection goes back to the pool, or a host
     * application sharing the pool would have its edits taken for the sync's own (and never sent).
     */
    private void unmark(Connection c) throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            try (Statement st = c.createStatement()) {
                st.execute("SET @dynsync_writer = NULL");
            }
        }
    }

    private void markAsSync(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (url.startsWith("jdbc:postgresql:")) {
                st.execute("SELECT set_config('dynsync.writer', 'on', true)");
            } else {
                st.execute("SET @dynsync_writer = TRUE");
            }
        }
    }

    public DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("store not started");
        }
        return dataSource;
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
