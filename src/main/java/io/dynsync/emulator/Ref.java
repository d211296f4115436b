package io.dynsync.emulator;

/** A lookup value: the target's table (needed for polymorphic lookups such as ownerid) and id. */
record Ref(String logicalName, String id) {
}
