package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change-tracking position, shaped like Dataverse's {@code $deltatoken}: {@code <version>!<MM/dd/yyyy HH:mm:ss>}
 * (UTC), URL-encoded in a deltaLink as {@code 919042%2108%2f22%2f2017%2008%3a10%3a44}. Changes with a version
 * above {@link #version} are news to its holder; {@link #issuedAt} (emulator clock) dates it for expiry.
 */
record DeltaToken(long version, Instant issuedAt) {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss");
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,19})!(\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2})");

    /** The decoded form, {@code 919042!08/22/2017 08:10:44}. */
    String text() {
        return version + "!" + FORMAT.format(LocalDateTime.ofInstant(issuedAt, ZoneOffset.UTC));
    }

    /** The form inside a deltaLink: every character but letters, digits and "-_." as lower-case %xx, like Dataverse's. */
    String encoded() {
        StringBuilder b = new StringBuilder();
        for (byte x : text().getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return b.toString();
    }

    /**
     * Reads a token after the query string's own decoding.
     *
     * @throws DataverseError 400 if it is not a delta token (re-encoded, truncated, made up)
     */
    static DeltaToken parse(String decoded) {
        Matcher m = SHAPE.matcher(decoded == null ? "" : decoded.trim());
        if (!m.matches()) {
            throw invalid(decoded);
        }
        try {
            return new DeltaToken(Long.parseLong(m.group(1)),
                    LocalDateTime.parse(m.group(2), FORMAT).toInstant(ZoneOffset.UTC));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(decoded);
        }
    }

    private static DataverseError invalid(String token) {
        return new DataverseError(400, DataverseError.INVALID_ARGUMENT, "The delta token '" + token + "' is not "
                + "valid. Use the @odata.deltaLink exactly as returned (was it decoded or re-encoded?).");
    }
}
