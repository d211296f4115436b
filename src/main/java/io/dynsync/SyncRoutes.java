package io.dynsync;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.MappingCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.apache.camel.util.TimeUtils;

/**
 * Instantiates the route templates per mapped entity: {@code sync-inbound} for every entity, and
 * {@code sync-outbound} for the two-way ones (leads, contacts). Adding an entity is adding its mapping
 * file. Camel asks every {@link RouteTemplateParameterSource} in the registry for routes when the
 * context starts.
 */
public class SyncRoutes implements RouteTemplateParameterSource, CamelContextAware {

    private static final String INBOUND = "sync-inbound-";
    private static final String OUTBOUND = "sync-outbound-";

    private final MappingCatalog mappings;
    private final String schedule;
    private CamelContext camelContext;

    /** @param schedule {@code sync.schedule}: time between two cycles of an entity, e.g. 30s or 5m */
    public SyncRoutes(MappingCatalog mappings, String schedule) {
        this.mappings = mappings;
        this.schedule = schedule;
        interval(schedule, "sync.schedule");
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (EntityMapping mapping : mappings.all()) {
            ids.add(INBOUND + mapping.entitySet());
            if (mapping.isTwoWay() || mapping.createOnRequest()) {
                ids.add(OUTBOUND + mapping.entitySet());
            }
        }
        return ids;
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        boolean inbound = routeId.startsWith(INBOUND);
        String entity = routeId.substring((inbound ? INBOUND : OUTBOUND).length());
        // a per-entity schedule (sync.schedule.<entity set>) overrides the common one
        String key = "sync.schedule." + entity;
        String own = camelContext == null ? null
                : camelContext.getPropertiesComponent().resolveProperty(key).orElse(null);
        long interval = own != null ? interval(own, key) : interval(schedule, "sync.schedule");
        return Map.of(TEMPLATE_ID, inbound ? "sync-inbound" : "sync-outbound", "entity", entity,
                "intervalMillis", String.valueOf(interval));
    }

    private static long interval(String value, String key) {
        try {
            long millis = TimeUtils.toMilliSeconds(value.trim());
            if (millis < 1000) {
                throw new IllegalArgumentException("below one second");
            }
            return millis;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 30s, 5m or 1h (was '" + value + "')", e);
        }
    }
}
