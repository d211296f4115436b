package io.dynsync.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local, deterministic stand-in for the Dataverse Web API ({@code /api/data/v9.2/}) with seeded data, change
 * tracking and metadata, for the Entra ID token endpoint in front of it, and with test hooks (clock, request log,
 * data access, faults, token and delta-token expiry) in Java and under {@code /_emulator/}.
 *
 * <pre>
 * try (DataverseEmulator dv = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 5000))) {
 *     String url = dv.baseUrl();   // http://127.0.0.1:PORT
 * }
 * // with msal4j: TLS, token auth, the default app registration
 * try (DataverseEmulator dv = DataverseEmulator.start(EmulatorOptions.defaults().tls(true)
 *         .authMode(EmulatorOptions.AuthMode.TOKEN))) {
 *     ConfidentialClientApplication app = ConfidentialClientApplication.builder(
 *                     EmulatorCredentials.DEFAULT_CLIENT_ID,
 *                     ClientCredentialFactory.createFromSecret(EmulatorCredentials.DEFAULT_CLIENT_SECRET))
 *             .authority(dv.authorityUrl()).instanceDiscovery(false)
 *             .sslSocketFactory(DataverseEmulator.sslContext().getSocketFactory()).build();
 *     String token = app.acquireToken(ClientCredentialParameters.builder(
 *             Set.of(dv.baseUrl() + "/.default")).build()).get().accessToken();
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
    private final ChangeTracking tracking;
    private final TokenIssuer issuer;
    private final IdentityProvider identity;
    private final MiniHttpServer server;
    private final String baseUrl;
    private final String authorityUrl;

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
        this.tracking = new ChangeTracking(store, clock, options::changeTracking, options.changeTrackingRetention());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port());
        ServerSocket socket;
        if (options.tls()) {
            socket = ServerTls.bind(address, 200);
        } else {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(address, 200);
        }
        try {
            this.server = new MiniHttpServer(socket, clock::now);
            // with TLS the host is the certificate's name, so clients verifying host names (msal4j) accept it
            this.baseUrl = (options.tls() ? "https://localhost:" : "http://127.0.0.1:") + server.port();
            this.authorityUrl = baseUrl + "/" + options.tenantId() + "/";
            this.issuer = new TokenIssuer(clock, options.tenantId(), () -> baseUrl, options.tokenLifetime());
            this.identity = new IdentityProvider(options.tenantId(), () -> baseUrl, clock, issuer, Clock.systemUTC(),
                    new SystemUserDirectory(store));
            options.apps().forEach(identity::register);
            options.users().forEach(identity::register);
            this.access = new AccessControl(options.authMode(), issuer);
            server.createContext("/api/data/", new WebApiHandler(store, clock, access, faults, log, () -> baseUrl,
                    hooks, tracking, () -> authorityUrl));
            server.createContext("/_emulator/", new ControlHandler(data, clock, log, faults, access, identity,
                    tracking));
            // every other path: the identity endpoints, under any tenant segment
            server.createContext("/", new IdentityHandler(identity, () -> baseUrl));
            server.start();
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        LOG.info("Dataverse emulator listening on {} (seed {}, auth {}, authority {})", baseUrl, options.seed(),
                options.authMode(), authorityUrl);
    }

    /** Seeds the data and starts listening on 127.0.0.1 at {@code options.port()} (0 = any free port). */
    public static DataverseEmulator start(EmulatorOptions options) {
        try {
            return new DataverseEmulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Dataverse emulator on port " + options.port(), e);
        }
    }

    /**
     * "http://127.0.0.1:PORT", or "https://localhost:PORT" with {@link EmulatorOptions#tls}; no trailing slash.
     * The Web API is at baseUrl() + "/api/data/v9.2/", and the Dataverse scope is baseUrl() + "/.default".
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The authority to give msal4j: baseUrl() + "/" + tenantId() + "/", e.g. "https://localhost:PORT/&lt;tenant&gt;/".
     * Use it with {@code .instanceDiscovery(false)} and {@link #sslContext()}. Without TLS the same endpoints
     * answer over plain HTTP, which msal4j refuses but other clients (or an msal4j IHttpClient) can use.
     */
    public String authorityUrl() {
        return authorityUrl;
    }

    /** The directory (tenant) id: {@link EmulatorCredentials#DEFAULT_TENANT_ID} unless the options name another. */
    public String tenantId() {
        return options.tenantId();
    }

    /** A trust store holding just the emulator's TLS certificate (the same in every emulator). */
    public static KeyStore trustStore() {
        return EmulatorCredentials.trustStore();
    }

    /**
     * An SSLContext that trusts the emulator's certificate: {@code HttpClient.newBuilder().sslContext(…)}, or
     * msal4j's {@code .sslSocketFactory(DataverseEmulator.sslContext().getSocketFactory())}.
     */
    public static SSLContext sslContext() {
        return EmulatorCredentials.sslContext();
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

    /** Registers (or replaces) an app registration acting as its own application user; see {@link EmulatorOptions}. */
    public void registerApp(String clientId, String secret, X509Certificate certificate) {
        if (Guids.normalize(clientId) == null) {
            throw new IllegalArgumentException("an application user needs a GUID client id, got '" + clientId + "'");
        }
        identity.register(AppRegistration.automatic(clientId, secret,
                certificate == null ? List.of() : List.of(certificate)));
    }

    /**
     * Registers (or replaces) an app registration acting as the given systemuser; null for an app without an
     * application user (its tokens are answered 403 {@code 0x80072560}).
     */
    public void registerApp(String clientId, String secret, X509Certificate certificate, String systemUserId) {
        identity.register(AppRegistration.mapped(clientId, secret,
                certificate == null ? List.of() : List.of(certificate), systemUserId));
    }

    /** Registers (or replaces) a password-grant user acting as the systemuser with that internalemailaddress. */
    public void registerUser(String username, String password) {
        identity.register(UserRegistration.automatic(username, password));
    }

    /** Registers (or replaces) a password-grant user acting as the given systemuser. */
    public void registerUser(String username, String password, String systemUserId) {
        String id = Guids.normalize(systemUserId);
        if (id == null) {
            throw new IllegalArgumentException("not a systemuser GUID: '" + systemUserId + "'");
        }
        identity.register(UserRegistration.mapped(username, password, id));
    }

    /**
     * Every access token the token endpoint issued so far is answered 401 from now on, as if it had expired; the
     * next token a client asks for works. Refresh tokens stay valid. Tokens from {@link #acceptToken} are not
     * affected (use {@link #revokeToken}).
     */
    public void expireTokens() {
        issuer.expireAll();
    }

    /** The lifetime (expires_in) of tokens issued from now on, on the emulator clock. */
    public void tokenLifetime(Duration lifetime) {
        issuer.lifetime(lifetime);
    }

    public Duration tokenLifetime() {
        return issuer.lifetime();
    }

    /** Token requests received so far, whatever their outcome, per grant_type ("password", "client_credentials", …). */
    public Map<String, Integer> tokenRequests() {
        return identity.requestCounts();
    }

    /** Token requests received so far with this grant_type. */
    public int tokenRequests(String grantType) {
        return identity.requestCounts().getOrDefault(grantType, 0);
    }

    /**
     * The next {@code times} token requests fail with this Entra error, e.g. {@code (1, 400, "invalid_grant",
     * 50076, "Due to a configuration change made by your administrator, … you must use multi-factor
     * authentication …")} or {@code (2, 503, "temporarily_unavailable", 90033, "A transient error has occurred.")}.
     *
     * @param description the text after "AADSTSnnnnn: " in error_description
     */
    public void failTokenRequests(int times, int status, String error, int aadstsCode, String description) {
        identity.failNext(times, status, error, aadstsCode, description);
    }

    /**
     * Every delta token handed out so far answers 400 {@code 0x80044352} ("… Please perform a full sync.") from
     * now on, as after the retention period; tokens handed out later work.
     */
    public void expireDeltaTokens() {
        tracking.expireAll();
    }

    @Override
    public void close() {
        faults.clear();
        server.close();
    }
}
