package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's transactions: a rollback restores the exact rows; committed nested work rolls back with its parent. */
class RecordStoreTransactionTest {
    private final AdjustableClock clock = new AdjustableClock(Clock.fixed(Instant.parse("2024-05-01T08:00:00Z"),
            ZoneOffset.UTC));
    private final RecordStore store = new RecordStore(Schema.standard(), clock);
    private final EntityDef leads = store.schema().bySet("leads");
    private final AttributeDef lastname = leads.attributeByLogicalName("lastname");
    private final String actor = BuiltInUsers.INTEGRATION_USER_ID;

    private Row create(String name) {
        return store.create(leads, null, Map.of(lastname, name), actor);
    }

    @Test
    void rollbackRestoresUpdatedDeletedAndCreatedRowsExactly() {
        Row a = create("A");
        Row b = create("B");
        assertThatThrownBy(() -> store.transaction(() -> {
            store.update(leads, a.id, Map.of(lastname, "A2"), actor);
            store.update(leads, a.id, Map.of(lastname, "A3"), actor);
            store.delete(leads, b.id, Precondition.NONE);
            create("C");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.get(leads, a.id)).isSameAs(a);
        assertThat(store.get(leads, b.id)).isSameAs(b);
        assertThat(store.count(leads)).isEqualTo(2);
        // versions are never reused, as with SQL rowversion: the next write is newer than the rolled-back ones
        // (two updates, the delete's tombstone and the create took one each)
        Row after = store.update(leads, a.id, Map.of(lastname, "A4"), actor);
        assertThat(after.version(leads)).isEqualTo(b.version(leads) + 5);
        // and the rolled-back delete left no tombstone for change tracking
        assertThat(store.changeLog().between("leads", 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void nestedTransactionsRollBackAlone_orWithTheirParent() {
        Row a = create("A");
        store.transaction(() -> {
            store.update(leads, a.id, Map.of(lastname, "outer"), actor);
            assertThatThrownBy(() -> store.transaction(() -> {
                store.update(leads, a.id, Map.of(lastname, "inner"), actor);
                throw new IllegalArgumentException("inner fails");
            }));
            assertThat(store.get(leads, a.id).get(lastname)).isEqualTo("outer");
            return null;
        });
        Row committed = store.get(leads, a.id);
        assertThat(committed.get(lastname)).isEqualTo("outer");

        assertThatThrownBy(() -> store.transaction(() -> {
            store.transaction(() -> store.update(leads, a.id, Map.of(lastname, "inner commit"), actor));
            assertThat(store.get(leads, a.id).get(lastname)).isEqualTo("inner commit");
            throw new IllegalStateException("outer fails");
        }));
        assertThat(store.get(leads, a.id)).isSameAs(committed);
    }

    @Test
    void writesStampTheActor() {
        Row a = store.create(leads, null, Map.of(lastname, "A"), BuiltInUsers.HUMAN_USER_ID);
        AttributeDef createdBy = leads.attributeByLogicalName(Schema.CREATEDBY);
        AttributeDef modifiedBy = leads.attributeByLogicalName(Schema.MODIFIEDBY);
        assertThat(a.get(createdBy)).isEqualTo(new Ref("systemuser", BuiltInUsers.HUMAN_USER_ID));
        Row b = store.update(leads, a.id, Map.of(lastname, "B"), actor);
        assertThat(b.get(createdBy)).isEqualTo(new Ref("systemuser", BuiltInUsers.HUMAN_USER_ID));
        assertThat(b.get(modifiedBy)).isEqualTo(new Ref("systemuser", actor));
    }
}
