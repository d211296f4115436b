package io.dynsync.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, deterministic stand-in for the Dataverse Web API ({@code /api/data/v9.2/}) with seeded data and
 * test hooks (clock, request log, data access, faults) in Java and under {@code /_emulator/}.
 *
 * <pre>
 * try (DataverseEmulator dv = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 5000))) {
 *     String url = dv.baseUrl();   // http://127.0.0.1:PORT
 * }
 * </pre>
 */
public final class DataverseEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataverseEmulator.class);

    private final EmulatorOptions options;
    private final AdjustableClock clock;
    private final RecordStore store;
    private final StoreData data;
    private final RequestLog log = new RequestLog();
    private final FaultInjector faults = new FaultInjector();
    private final WriteHooks hooks = new WriteHooks();
    private final AccessControl access;
    private final MiniHttpServer server;
    private final String baseUrl;

    private DataverseEmulator(EmulatorOptions options) throws IOException {
        this.options = options;
        this.clock = new AdjustableClock(Clock.systemUTC());
        if (options.startClockAt() != null) {
            clock.freeze(options.startClockAt());
        }
        this.store = new RecordStore(Schema.standard(), clock);
        long t0 = System.nanoTime();
        new SeedGenerator(store, options.seed(), options.counts(), clock.now()).run();
        LOG.debug("seeded {} in {} ms", options.counts(), (System.nanoTime() - t0) / 1_000_000);
        this.data = new StoreData(store, hooks);
        this.access = new AccessControl(options.authMode());
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 200);
        this.server = new MiniHttpServer(socket, clock::now);
        this.baseUrl = "http://127.0.0.1:" + server.port();
        server.createContext("/api/data/", new WebApiHandler(store, clock, access, faults, log, () -> baseUrl,
                hooks));
        server.createContext("/_emulator/", new ControlHandler(data, clock, log, faults, access));
        server.start();
        LOG.info("Dataverse emulator listening on {} (seed {}, auth {})", baseUrl, options.seed(),
                options.authMode());
    }

    /** Seeds the data and starts listening on 127.0.0.1 at {@code options.port()} (0 = any free port). */
    public static DataverseEmulator start(EmulatorOptions options) {
        try {
            return new DataverseEmulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Dataverse emulator on port " + options.port(), e);
        }
    }

    /** "http://127.0.0.1:PORT", no trailing slash; the Web API is at baseUrl() + "/api/data/v9.2/". */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    public EmulatorOptions options() {
        return options;
    }

    public EmulatorData data() {
        return data;
    }

    public EmulatorClock clock() {
        return clock;
    }

    /** Web API requests answered (not /_emulator), oldest first; a snapshot. */
    public List<RecordedRequest> requests() {
        return log.snapshot();
    }

    public void clearRequests() {
        log.clear();
    }

    public Faults faults() {
        return faults;
    }

    /**
     * Registers a bearer token that {@link EmulatorOptions.AuthMode#TOKEN} accepts; requests with it act as the
     * integration user ({@link #integrationUserId()}).
     */
    public void acceptToken(String token) {
        access.accept(token);
    }

    /**
     * Registers a bearer token that acts as the given systemuser (its id lands in modifiedby/createdby of the
     * records written with it); the user need not exist as a record.
     *
     * @throws IllegalArgumentException if {@code systemUserId} is not a GUID
     */
    public void acceptToken(String token, String systemUserId) {
        access.accept(token, systemUserId);
    }

    /**
     * The seeded application user "Sync Integration" that Web API calls act as with auth mode NONE and with
     * tokens registered by {@link #acceptToken(String)}. The same fixed id in every emulator.
     */
    public String integrationUserId() {
        return BuiltInUsers.INTEGRATION_USER_ID;
    }

    /**
     * The seeded human user "Dana Human" that writes through {@link #data()} and {@code /_emulator/data} act as,
     * so a test can tell a human edit from a sync write by {@code _modifiedby_value}. A fixed id.
     */
    public String humanUserId() {
        return BuiltInUsers.HUMAN_USER_ID;
    }

    /** Withdraws a token: later requests with it get 401, like an expired token. */
    public void revokeToken(String token) {
        access.revoke(token);
    }

    @Override
    public void close() {
        faults.clear();
        server.close();
    }
}
