package io.dynsync.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table: names, key, primary name and columns, in the order the Web API returns them. */
final class EntityDef {
    final String logicalName;
    final String entitySet;
    final String primaryId;
    /** Null for tables without one (the intersect teammembership). */
    final String primaryName;
    final boolean custom;
    /** fullname is computed from firstname and lastname, as in Dataverse's contact, lead and systemuser. */
    final boolean derivesFullName;
    final List<AttributeDef> attributes;
    private final Map<String, AttributeDef> byWebName = new LinkedHashMap<>();
    private final Map<String, AttributeDef> byLogicalName = new LinkedHashMap<>();
    private final Map<String, AttributeDef> byBindName = new LinkedHashMap<>();

    EntityDef(String logicalName, String entitySet, String primaryName, boolean custom, boolean derivesFullName,
              List<AttributeDef> attributes) {
        this.logicalName = logicalName;
        this.entitySet = entitySet;
        this.primaryId = attributes.get(0).name();
        this.primaryName = primaryName;
        this.custom = custom;
        this.derivesFullName = derivesFullName;
        this.attributes = List.copyOf(attributes);
        for (AttributeDef a : attributes) {
            byWebName.put(a.webName(), a);
            byLogicalName.put(a.name(), a);
            a.bindNames().keySet().forEach(b -> byBindName.put(b, a));
        }
    }

    AttributeDef attributeByWebName(String webName) {
        return byWebName.get(webName);
    }

    AttributeDef attributeByLogicalName(String name) {
        return byLogicalName.get(name);
    }

    AttributeDef attributeByBindName(String bindName) {
        return byBindName.get(bindName);
    }

    Map<String, AttributeDef> bindNames() {
        return Collections.unmodifiableMap(byBindName);
    }

    AttributeDef primaryKey() {
        return attributes.get(0);
    }

    boolean has(String logicalName) {
        return byLogicalName.containsKey(logicalName);
    }

    int width() {
        return attributes.size();
    }

    /** Type name used in Dataverse error messages, e.g. "Microsoft.Dynamics.CRM.lead". */
    String typeName() {
        return "Microsoft.Dynamics.CRM." + logicalName;
    }

    @Override
    public String toString() {
        return entitySet;
    }
}
