package io.dynsync.twoway;

import java.util.Map;
import java.util.UUID;

/** The two-way scenarios on H2, the default store. */
class TwoWayH2Test extends TwoWayScenarios {

    @Override
    Map<String, String> store() {
        return Map.of("sync.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }
}
