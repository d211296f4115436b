package io.dynsync.emulator;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@code client_assertion} (the private_key_jwt of the client-certificate mode) the way Entra does: an
 * RS256 or PS256 signature by the key of a certificate registered for the app (picked by the {@code x5t} or
 * {@code x5t#S256} thumbprint if the header has one), {@code iss} and {@code sub} equal to the client id,
 * {@code aud} naming this token endpoint, and {@code exp}/{@code nbf} around now.
 *
 * <p>The time check uses the real clock, not the emulator's: the client signs with its own (real) time, and a
 * test that freezes the emulator in the past must still be able to sign in. Five minutes of skew are allowed,
 * as Entra does.
 */
final class ClientAssertionVerifier {
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Clock wallClock;

    ClientAssertionVerifier(Clock wallClock) {
        this.wallClock = wallClock;
    }

    /**
     * @param audiences the URLs an {@code aud} may name (the token endpoint as requested, and its variants)
     * @throws EntraError 401 invalid_client when the assertion is refused
     */
    void verify(String assertion, String clientId, Collection<X509Certificate> certificates,
                Collection<String> audiences) {
        Jwts.Parsed jwt = Jwts.parse(assertion);
        if (jwt == null) {
            throw EntraError.invalidClient(50027, "JWT token is invalid or malformed.");
        }
        String alg = String.valueOf(jwt.header().get("alg"));
        List<X509Certificate> candidates = candidates(jwt.header(), certificates);
        if (candidates.isEmpty()) {
            throw EntraError.invalidClient(700027, "Client assertion contains an invalid signature. [Reason - The key "
                    + "was not found., Thumbprint of key used by client: '" + thumbprintOf(jwt.header())
                    + "', Please visit the Azure Portal to see configured keys for app Id '" + clientId + "'.]");
        }
        boolean valid = false;
        for (X509Certificate c : candidates) {
            valid |= signatureMatches(alg, jwt, c);
        }
        if (!valid) {
            throw EntraError.invalidClient(700027, "Client assertion failed signature validation. [Reason - The "
                    + "provided signature value did not match the expected signature value., Thumbprint of key used "
                    + "by client: '" + thumbprintOf(jwt.header()) + "', Found key 'Start=01/01/2024 00:00:00, "
                    + "End=01/01/2054 00:00:00']");
        }
        Map<String, Object> claims = jwt.claims();
        if (!clientId.equalsIgnoreCase(String.valueOf(claims.get("iss")))
                || !clientId.equalsIgnoreCase(String.valueOf(claims.get("sub")))) {
            throw EntraError.invalidClient(700021, "Client assertion application identifier doesn't match "
                    + "'client_id' parameter. Review the documentation at "
                    + "https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
        if (!audienceMatches(claims.get("aud"), audiences)) {
            throw EntraError.invalidClient(700027, "Client assertion contains an invalid audience claim: it must "
                    + "name this token endpoint. Review the documentation at "
                    + "https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .");
        }
        long now = wallClock.instant().getEpochSecond();
        Long exp = seconds(claims.get("exp"));
        Long nbf = seconds(claims.get("nbf"));
        if (exp == null || exp + SKEW.getSeconds() < now || (nbf != null && nbf - SKEW.getSeconds() > now)) {
            throw EntraError.invalidClient(700024, "Client assertion is not within its valid time range. Current "
                    + "time: " + java.time.Instant.ofEpochSecond(now) + ", assertion valid from "
                    + (nbf == null ? "-" : java.time.Instant.ofEpochSecond(nbf)) + ", expiry time of assertion "
                    + (exp == null ? "-" : java.time.Instant.ofEpochSecond(exp)) + ".");
        }
    }

    /** The registered certificates the header's thumbprint names; all of them if it names none. */
    private static List<X509Certificate> candidates(Map<String, Object> header, Collection<X509Certificate> certs) {
        Object x5t = header.get("x5t");
        Object x5tS256 = header.get("x5t#S256");
        if (x5t == null && x5tS256 == null) {
            return List.copyOf(certs);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (X509Certificate c : certs) {
            if ((x5t != null && urlSafe(x5t).equals(thumbprint(c, "SHA-1")))
                    || (x5tS256 != null && urlSafe(x5tS256).equals(thumbprint(c, "SHA-256")))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * A thumbprint in base64url without padding. RFC 7515 says x5t is base64url, but msal4j 1.23.1 writes plain
     * base64 ("+", "/", "="), which Entra accepts; so does this.
     */
    private static String urlSafe(Object thumbprint) {
        return String.valueOf(thumbprint).replace('+', '-').replace('/', '_').replace("=", "");
    }

    private static boolean signatureMatches(String alg, Jwts.Parsed jwt, X509Certificate certificate) {
        try {
            Signature s;
            switch (alg) {
                case "RS256" -> s = Signature.getInstance("SHA256withRSA");
                case "PS256" -> {
                    s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                }
                default -> {
                    return false;
                }
            }
            s.initVerify(certificate.getPublicKey());
            s.update(jwt.signingInput().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return s.verify(jwt.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean audienceMatches(Object aud, Collection<String> audiences) {
        List<Object> values = aud instanceof List<?> l ? new ArrayList<>(l) : aud == null ? List.of() : List.of(aud);
        for (Object v : values) {
            String a = IdentityProvider.normalizeUrl(String.valueOf(v));
            for (String ok : audiences) {
                if (a.equals(IdentityProvider.normalizeUrl(ok))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Long seconds(Object v) {
        return v instanceof Number n ? n.longValue() : null;
    }

    private static String thumbprintOf(Map<String, Object> header) {
        Object t = header.get("x5t#S256") != null ? header.get("x5t#S256") : header.get("x5t");
        return t == null ? "" : String.valueOf(t);
    }

    /** base64url of the certificate's DER digest: the form of x5t (SHA-1) and x5t#S256. */
    static String thumbprint(X509Certificate c, String digest) {
        try {
            return Jwts.base64Url(MessageDigest.getInstance(digest).digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
