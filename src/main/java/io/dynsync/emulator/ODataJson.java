package io.dynsync.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes Web API response bodies with the member order Dataverse uses: @odata.context, @odata.count and other
 * annotations before "value", @odata.nextLink after it.
 */
final class ODataJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ODataJson() {
    }

    /** A collection page; {@code before} holds annotations such as @odata.count (in order), nextLink may be null. */
    static byte[] collection(String context, Map<String, Object> before, List<Row> rows, EntityDef def,
                             List<AttributeDef> select, Annotations annotations, RecordRenderer renderer,
                             String nextLink) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("@odata.context", context);
            for (Map.Entry<String, Object> e : before.entrySet()) {
                g.writeFieldName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeArrayFieldStart("value");
            for (Row r : rows) {
                g.writeStartObject();
                renderer.render(def, r, select, annotations, (name, value) -> writeField(g, name, value));
                g.writeEndObject();
            }
            g.writeEndArray();
            if (nextLink != null) {
                g.writeStringField("@odata.nextLink", nextLink);
            }
            g.writeEndObject();
        });
    }

    /**
     * A delta page: {@code @odata.context} (ending in /$delta), the deltaLink on the last page (before "value", as
     * Dataverse writes it), the changed rows and the tombstones
     * {@code {"@odata.context":"…/$metadata#<set>/$deletedEntity","id":"…","reason":"deleted"}}, then any nextLink.
     *
     * @param entries {@link Row}s and {@link ChangeLog.Tombstone}s in the order to show them
     */
    static byte[] delta(String context, String deltaLink, List<Object> entries, EntityDef def,
                        List<AttributeDef> select, Annotations annotations, RecordRenderer renderer,
                        String deletedContext, String nextLink) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("@odata.context", context);
            if (deltaLink != null) {
                g.writeStringField("@odata.deltaLink", deltaLink);
            }
            g.writeArrayFieldStart("value");
            for (Object e : entries) {
                g.writeStartObject();
                if (e instanceof Row r) {
                    renderer.render(def, r, select, annotations, (name, value) -> writeField(g, name, value));
                } else {
                    ChangeLog.Tombstone t = (ChangeLog.Tombstone) e;
                    g.writeStringField("@odata.context", deletedContext);
                    g.writeStringField("id", t.id());
                    g.writeStringField("reason", "deleted");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (nextLink != null) {
                g.writeStringField("@odata.nextLink", nextLink);
            }
            g.writeEndObject();
        });
    }

    static byte[] entity(String context, Row row, EntityDef def, List<AttributeDef> select, Annotations annotations,
                         RecordRenderer renderer) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("@odata.context", context);
            renderer.render(def, row, select, annotations, (name, value) -> writeField(g, name, value));
            g.writeEndObject();
        });
    }

    static byte[] error(String code, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Any JSON-ready tree (maps, lists, strings, numbers, booleans, null), in map order. */
    static byte[] tree(Object value) {
        return write(g -> writeValue(g, value));
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeField(JsonGenerator g, String name, Object value) {
        try {
            g.writeFieldName(name);
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            for (Object o : it) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
