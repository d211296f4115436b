package io.dynsync.dynamics;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.LoggerFactory;

/** Reads Web API response bodies: collection pages and the record-count function. */
public class ODataPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a collection page; {@code date} is the response's {@code Date} header. */
    public ODataPage read(InputStream body, String date) throws IOException {
        JsonNode root = JSON.readTree(body);
        JsonNode value = root.get("value");
        if (value == null || !value.isArray()) {
            throw new IllegalStateException("Dynamics answered without a 'value' array (" + root.size() + " fields)");
        }
        List<JsonNode> records = new ArrayList<>(value.size());
        value.forEach(records::add);
        return new ODataPage(records, text(root, "@odata.nextLink"), text(root, "@odata.deltaLink"),
                root.hasNonNull("@odata.count") ? root.get("@odata.count").asLong() : null, httpDate(date));
    }

    /** Reads the answer of {@code RetrieveTotalRecordCount}: the first value. */
    public long totalRecordCount(InputStream body) throws IOException {
        JsonNode values = JSON.readTree(body).path("EntityRecordCountCollection").path("Values");
        if (!values.isArray() || values.isEmpty()) {
            throw new IllegalStateException("RetrieveTotalRecordCount answered without values");
        }
        return values.get(0).asLong();
    }

    static OffsetDateTime httpDate(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime()
                    .withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            LoggerFactory.getLogger(ODataPages.class).warn("Unreadable Date header from Dynamics: {}", date);
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
