package io.dynsync.emulator;

/** A write hook added with {@link EmulatorData#onWrite}; closing it removes the hook (idempotent). */
public interface HookRegistration extends AutoCloseable {
    @Override
    void close();
}
