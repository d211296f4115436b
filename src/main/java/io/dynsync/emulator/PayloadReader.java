package io.dynsync.emulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a POST/PATCH JSON body into typed column values, enforcing the Web API's rules: lookups only through
 * {@code <navigation property>@odata.bind} (polymorphic ones with their target suffix), never by writing
 * {@code _x_value}; system columns (createdon, createdby, modifiedon, modifiedby, versionnumber, derived fullname)
 * silently ignored.
 */
final class PayloadReader {
    /** Values of one body; {@code id} is the primary key if the body carries one. */
    record Payload(String id, Map<AttributeDef, Object> values) {
    }

    private static final Pattern BIND = Pattern.compile("(?:.*/api/data/v\\d+\\.\\d+)?/?(\\w+)\\(([^)]*)\\)");

    private final RecordStore store;

    PayloadReader(RecordStore store) {
        this.store = store;
    }

    Payload read(EntityDef def, Map<String, Object> body) {
        String id = null;
        Map<AttributeDef, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            int at = key.indexOf('@');
            if (at >= 0) {
                String suffix = key.substring(at + 1);
                if (suffix.equals("odata.bind") && at > 0) {
                    bind(def, key.substring(0, at), value, values);
                }
                // other annotations (@odata.type, @odata.etag, echoed FormattedValues) carry no data
                continue;
            }
            AttributeDef byBind = def.attributeByBindName(key);
            if (byBind != null && !key.equals(byBind.webName())) {
                if (byBind.system()) {
                    continue;
                }
                if (value != null) {
                    throw DataverseError.notImplemented("Deep insert through '" + key + "'");
                }
                values.put(byBind, null);
                continue;
            }
            AttributeDef a = def.attributeByWebName(key);
            if (a == null) {
                throw new DataverseError(400, DataverseError.PROPERTY_NOT_FOUND, "The property '" + key
                        + "' does not exist on type '" + def.typeName()
                        + "'. Make sure to only use property names that are defined by the type.");
            }
            if (a.isLookup()) {
                throw new DataverseError(400, DataverseError.UNDECLARED_PROPERTY, "CRM do not support direct update"
                        + " of Entity Reference properties, Use Navigation properties instead.");
            }
            if (a.type() == AttrType.PRIMARY_KEY) {
                if (value != null) {
                    id = guid(a, value);
                }
                continue;
            }
            if (a.system()) {
                continue;
            }
            values.put(a, convert(a, value));
        }
        return new Payload(id, values);
    }

    private void bind(EntityDef def, String navigation, Object value, Map<AttributeDef, Object> values) {
        AttributeDef a = def.attributeByBindName(navigation);
        if (a == null) {
            throw new DataverseError(400, DataverseError.UNDECLARED_PROPERTY, "An undeclared property '" + navigation
                    + "' which only has property annotations in the payload but no property value was found in the"
                    + " payload. In OData, only declared navigation properties and declared named streams can be"
                    + " represented as properties without values.");
        }
        if (a.system()) {
            return; // createdby/modifiedby: Dataverse sets them itself and ignores what the body says
        }
        if (value == null) {
            values.put(a, null);
            return;
        }
        Matcher m = BIND.matcher(String.valueOf(value).trim());
        EntityDef target = m.matches() ? store.schema().bySet(m.group(1)) : null;
        if (target == null) {
            throw DataverseError.badRequest("The value '" + value + "' of '" + navigation
                    + "@odata.bind' is not a valid entity reference such as '/accounts(<guid>)'.");
        }
        String allowed = a.bindNames().get(navigation);
        if (allowed != null ? !allowed.equals(target.logicalName) : !a.targets().contains(target.logicalName)) {
            throw DataverseError.badRequest("The entity reference '" + value + "' is not a valid target of '"
                    + navigation + "' (expected " + (allowed != null ? allowed : a.targets()) + ").");
        }
        String id = Guids.normalize(m.group(2));
        if (id == null) {
            throw DataverseError.badRequest("Unrecognized 'Edm.Guid' literal '" + m.group(2) + "' in '" + value + "'.");
        }
        if (store.get(target, id) == null) {
            throw DataverseError.recordNotFound(target, id);
        }
        values.put(a, new Ref(target.logicalName, id));
    }

    private static String guid(AttributeDef a, Object value) {
        String g = value instanceof String s ? Guids.normalize(s) : null;
        if (g == null) {
            throw cannotConvert(a, value);
        }
        return g;
    }

    /** A JSON value as the column's internal type; "" becomes null, as Dataverse stores empty text as null. */
    static Object convert(AttributeDef a, Object value) {
        if (value == null) {
            return null;
        }
        try {
            switch (a.type()) {
                case STRING:
                    if (value instanceof String s) {
                        return s.isEmpty() ? null : s;
                    }
                    break;
                case GUID:
                case PRIMARY_KEY:
                    return guid(a, value);
                case INT:
                    if (isIntegral(value)) {
                        return Math.toIntExact(((Number) value).longValue());
                    }
                    break;
                case BIGINT:
                    if (isIntegral(value)) {
                        return ((Number) value).longValue();
                    }
                    break;
                case DECIMAL:
                case MONEY:
                    if (value instanceof BigDecimal d) {
                        return d;
                    }
                    if (value instanceof Number n) {
                        return isIntegral(n) ? BigDecimal.valueOf(n.longValue()) : new BigDecimal(n.toString());
                    }
                    if (value instanceof String s) {
                        return new BigDecimal(s.trim());
                    }
                    break;
                case BOOL:
                    if (value instanceof Boolean b) {
                        return b;
                    }
                    break;
                case DATETIME:
                    if (value instanceof Instant i) {
                        return i.truncatedTo(ChronoUnit.SECONDS);
                    }
                    if (value instanceof String s) {
                        Instant i = Values.parseDateTime(s);
                        if (i != null) {
                            return i;
                        }
                    }
                    break;
                case DATEONLY:
                    if (value instanceof LocalDate d) {
                        return d;
                    }
                    if (value instanceof String s) {
                        return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
                    }
                    break;
                default:
                    break;
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            // reported below
        }
        throw cannotConvert(a, value);
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger
                || (v instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0);
    }

    private static DataverseError cannotConvert(AttributeDef a, Object value) {
        return new DataverseError(400, DataverseError.PROPERTY_NOT_FOUND, "Cannot convert the literal '" + value
                + "' to the expected type '" + a.type().edmName + "'.");
    }
}
