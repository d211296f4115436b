package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Issues the access, refresh and id tokens of the token endpoint and tells the Web API whom an access token
 * stands for. Access tokens are valid for {@link #lifetime()} on the emulator clock (so a test moves the clock
 * to expire them) or until {@link #expireAll()}; refresh tokens for 90 days. Thread-safe.
 */
final class TokenIssuer {
    /** Entra's default inactivity lifetime of a refresh token. */
    static final Duration REFRESH_LIFETIME = Duration.ofDays(90);
    /** Beyond this many live access tokens, expired ones are dropped on the next issue. */
    private static final int PRUNE_ABOVE = 10_000;

    /**
     * Who an access token stands for.
     *
     * @param systemUserId the systemuser it acts as; null for an app with no application user
     */
    record Grant(String clientId, String systemUserId, String username) {
    }

    /** What the Web API makes of a bearer token. */
    enum Status { VALID, NO_APPLICATION_USER, INVALID }

    record Check(Status status, String systemUserId) {
        static final Check INVALID = new Check(Status.INVALID, null);
    }

    private record Issued(long serial, Grant grant, Instant expiresAt) {
    }

    /** A refresh token's grant; the scope it was issued for is what a refresh may ask for again. */
    record Refresh(Grant grant, String resourceScopes, Instant expiresAt) {
    }

    private final EmulatorClock clock;
    private final String tenantId;
    private final Supplier<String> baseUrl;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong serial = new AtomicLong();
    private final Map<String, Issued> access = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refresh = new ConcurrentHashMap<>();
    private volatile long expiredThrough;
    private volatile Duration lifetime;

    TokenIssuer(EmulatorClock clock, String tenantId, Supplier<String> baseUrl, Duration lifetime) {
        this.clock = clock;
        this.tenantId = tenantId;
        this.baseUrl = baseUrl;
        this.lifetime = lifetime;
    }

    Duration lifetime() {
        return lifetime;
    }

    void lifetime(Duration d) {
        if (d == null || d.getSeconds() < 1) {
            throw new IllegalArgumentException("a token lifetime of at least one second, got " + d);
        }
        lifetime = d;
    }

    /** Every access token issued so far answers 401 from now on; later ones are unaffected. */
    void expireAll() {
        expiredThrough = serial.get();
    }

    /** A new access token (an unsigned JWT with the usual claims, unique by its uti). */
    String issueAccess(Grant grant) {
        Instant now = clock.now();
        Duration life = lifetime;
        Instant exp = now.plus(life);
        long n = serial.incrementAndGet();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", baseUrl.get() + "/");
        claims.put("iss", "https://sts.windows.net/" + tenantId + "/");
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", exp.getEpochSecond());
        claims.put("appid", grant.clientId());
        claims.put("idtyp", grant.username() == null ? "app" : "user");
        claims.put("oid", grant.username() == null ? servicePrincipalId(grant.clientId()) : userObjectId(grant.username()));
        if (grant.username() != null) {
            claims.put("upn", grant.username());
        }
        claims.put("tid", tenantId);
        claims.put("uti", randomText(16));
        claims.put("ver", "1.0");
        String token = Jwts.unsigned(claims);
        if (access.size() > PRUNE_ABOVE) {
            access.entrySet().removeIf(e -> !live(e.getValue(), now));
        }
        access.put(token, new Issued(n, grant, exp));
        return token;
    }

    String issueRefresh(Grant grant, String resourceScopes) {
        String token = "0." + randomText(48);
        refresh.put(token, new Refresh(grant, resourceScopes, clock.now().plus(REFRESH_LIFETIME)));
        return token;
    }

    /** The refresh token's grant, or null if unknown or past its lifetime. */
    Refresh redeem(String refreshToken) {
        Refresh r = refreshToken == null ? null : refresh.get(refreshToken);
        if (r == null) {
            return null;
        }
        if (!clock.now().isBefore(r.expiresAt())) {
            refresh.remove(refreshToken);
            return null;
        }
        return r;
    }

    Check check(String token) {
        Issued i = token == null ? null : access.get(token);
        if (i == null || !live(i, clock.now())) {
            return Check.INVALID;
        }
        String user = i.grant().systemUserId();
        return user == null ? new Check(Status.NO_APPLICATION_USER, null) : new Check(Status.VALID, user);
    }

    private boolean live(Issued i, Instant now) {
        return i.serial() > expiredThrough && now.isBefore(i.expiresAt());
    }

    /** An id_token for a user flow: unsigned, read by msal4j for the account (oid, tid, preferred_username). */
    String idToken(String clientId, String username, String displayName) {
        Instant now = clock.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", clientId);
        claims.put("iss", baseUrl.get() + "/" + tenantId + "/v2.0");
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("name", displayName);
        claims.put("oid", userObjectId(username));
        claims.put("preferred_username", username);
        claims.put("sub", fixedId("subject:" + clientId + ":" + username.toLowerCase()));
        claims.put("tid", tenantId);
        claims.put("ver", "2.0");
        return Jwts.unsigned(claims);
    }

    /** base64url of {"uid":…,"utid":…}: msal4j builds the account's home id from it. */
    String clientInfo(String username) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uid", userObjectId(username));
        info.put("utid", tenantId);
        return Jwts.base64UrlJson(info);
    }

    /** A user's Entra object id: fixed per user name, so it is the same in every run. */
    static String userObjectId(String username) {
        return fixedId("user:" + username.trim().toLowerCase());
    }

    static String servicePrincipalId(String clientId) {
        return fixedId("service-principal:" + clientId.trim().toLowerCase());
    }

    private static String fixedId(String name) {
        return UUID.nameUUIDFromBytes(("dataverse-emulator-" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String randomText(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Jwts.base64Url(b);
    }
}
