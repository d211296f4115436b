package io.dynsync.inbound;

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
 * Instantiates the {@code sync-inbound} route template once per mapped entity, so adding an entity is
 * adding its mapping file. Camel asks every {@link RouteTemplateParameterSource} in the registry for
 * routes when the context starts.
 */
public class InboundRouteSource implements RouteTemplateParameterSource, CamelContextAware {

    public static final String TEMPLATE = "sync-inbound";

    private final MappingCatalog mappings;
    private final String schedule;
    private CamelContext camelContext;

    /** @param schedule {@code sync.schedule}: time between two cycles of an entity, e.g. 30s or 5m */
    public InboundRouteSource(MappingCatalog mappings, String schedule) {
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

    public static String routeId(String entitySet) {
        return "sync-inbound-" + entitySet;
    }

    @Override
    public Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (EntityMapping mapping : mappings.all()) {
            ids.add(routeId(mapping.entitySet()));
        }
        return ids;
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        String entity = routeId.substring("sync-inbound-".length());
        // a per-entity schedule (sync.schedule.<entity set>) overrides the common one
        String key = "sync.schedule." + entity;
        String own = camelContext == null ? null
                : camelContext.getPropertiesComponent().resolveProperty(key).orElse(null);
        long interval = own != null ? interval(own, key) : interval(schedule, "sync.schedule");
        return Map.of(TEMPLATE_ID, TEMPLATE, "entity", entity, "intervalMillis", String.valueOf(interval));
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
