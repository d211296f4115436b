package io.dynsync.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Base64url and the compact JWT form, for the tokens the emulator issues and the client assertions it checks. */
final class Jwts {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A parsed compact JWS: both JSON parts, and the exact text that was signed. */
    record Parsed(Map<String, Object> header, Map<String, Object> claims, String signingInput, byte[] signature) {
    }

    private Jwts() {
    }

    static String base64Url(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    static String base64UrlJson(Map<String, Object> json) {
        return base64Url(ODataJson.tree(json));
    }

    /**
     * An unsigned JWT ({@code alg: none}, empty signature). Entra signs its tokens, but clients must treat access
     * tokens as opaque and msal4j reads the id_token without checking its signature, so nothing here needs one.
     */
    static String unsigned(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "none");
        return base64UrlJson(header) + "." + base64UrlJson(claims) + ".";
    }

    /** Splits and decodes a compact JWS; null if it is not one. */
    static Parsed parse(String compact) {
        if (compact == null) {
            return null;
        }
        String[] parts = compact.trim().split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            Map<String, Object> header = json(DECODER.decode(parts[0]));
            Map<String, Object> claims = json(DECODER.decode(parts[1]));
            return new Parsed(header, claims, parts[0] + "." + parts[1], DECODER.decode(parts[2]));
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static Map<String, Object> json(byte[] bytes) throws IOException {
        if (bytes.length == 0 || bytes[0] != '{') {
            throw new IOException("not a JSON object: " + new String(bytes, StandardCharsets.UTF_8));
        }
        return ODataJson.MAPPER.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }
}
