-- Deleted linked persons go to sync_person_deletes (H2 triggers are Java classes, see V3_1).
CREATE TRIGGER persons_deleted AFTER DELETE ON persons FOR EACH ROW CALL "io.dynsync.store.H2PersonDeleteTrigger";
