package io.dynsync.emulator;

import java.util.List;
import java.util.Map;

/**
 * One column of a table.
 *
 * @param name      logical name ("parentcustomerid" for a lookup, which the Web API exposes as "_parentcustomerid_value")
 * @param type      column type
 * @param index     position in a {@link Row}'s value array
 * @param targets   for lookups: the logical names of the tables it may point to
 * @param bindNames for lookups: navigation-property name usable with {@code @odata.bind} → target logical name,
 *                  or → {@code null} when any of {@link #targets} is accepted (ownerid)
 * @param system    written only by the emulator (createdon, modifiedon, versionnumber, derived fullname);
 *                  values sent through the Web API are ignored, as Dataverse does
 * @param defaultValue value a create stores when the body leaves the column out (statecode 0, statuscode 1, …)
 */
record AttributeDef(String name, AttrType type, int index, List<String> targets, Map<String, String> bindNames,
                    boolean system, Object defaultValue) {

    AttributeDef withDefault(Object value) {
        return new AttributeDef(name, type, index, targets, bindNames, system, value);
    }

    /** The name used in $select, $filter, $orderby and JSON bodies. */
    String webName() {
        return type == AttrType.LOOKUP ? "_" + name + "_value" : name;
    }

    boolean isLookup() {
        return type == AttrType.LOOKUP;
    }
}
