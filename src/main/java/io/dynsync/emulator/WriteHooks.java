package io.dynsync.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Test "plug-ins": code that runs right after a create or update through the Web API (direct or inside a
 * $batch) and may change the row again, as Dataverse plug-ins and workflows do, so echo-suppression tests can
 * reproduce a write that comes back modified.
 *
 * <p>Hooks run synchronously on the request's thread, inside the write's store transaction (like a
 * synchronous post-operation plug-in): a hook that throws fails the request with a 400 and undoes its write,
 * and a change-set rollback undoes the hooks' writes too. The answer to the request still describes the
 * request's own write (its etag and values), so a hook's change shows up as a later version.
 *
 * <p>A hook that writes through {@link EmulatorData} acts as the caller of the request that triggered it (plug-ins
 * run in the caller's context), and never triggers hooks again: only Web API writes trigger hooks, and a hook
 * already running on this thread suppresses nested dispatch, so hooks cannot loop.
 */
final class WriteHooks {
    private final Map<String, List<BiConsumer<String, Map<String, Object>>>> bySet = new ConcurrentHashMap<>();
    /** The Web API caller whose write the hook on this thread is reacting to; null outside hooks. */
    private final ThreadLocal<String> runningFor = new ThreadLocal<>();

    HookRegistration add(String entitySet, BiConsumer<String, Map<String, Object>> hook) {
        List<BiConsumer<String, Map<String, Object>>> hooks =
                bySet.computeIfAbsent(entitySet, k -> new CopyOnWriteArrayList<>());
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /**
     * Runs the set's hooks for one written record; {@code body} is the JSON body the client sent. A hook's
     * failure becomes Dataverse's plug-in error, which rolls back the enclosing transaction.
     */
    void afterWrite(EntityDef def, String id, Map<String, Object> body, String callerId) {
        List<BiConsumer<String, Map<String, Object>>> hooks = bySet.get(def.entitySet);
        if (hooks == null || hooks.isEmpty() || runningFor.get() != null) {
            return;
        }
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(body));
        runningFor.set(callerId);
        try {
            for (BiConsumer<String, Map<String, Object>> hook : hooks) {
                hook.accept(id, copy);
            }
        } catch (DataverseError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataverseError(400, DataverseError.PLUGIN_FAILED, String.valueOf(e.getMessage()));
        } finally {
            runningFor.remove();
        }
    }

    /** The systemuser a hook running on this thread acts for, or null when no hook is running. */
    String callerInHook() {
        return runningFor.get();
    }
}
