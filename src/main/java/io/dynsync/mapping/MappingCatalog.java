package io.dynsync.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The entity mappings, one YAML file per entity under a folder ({@code sync.mappings}): adding a custom
 * entity is adding a file. Read once at start-up; a file that does not parse or validate stops start-up
 * with its name and the problem.
 */
public class MappingCatalog implements CamelContextAware {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private final String location;
    private final Set<String> only;
    private CamelContext camelContext;
    private final Map<String, EntityMapping> mappings = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    /**
     * @param location a folder as a Camel resource location, e.g. {@code file:routes/mappings} or
     *                 {@code classpath:sync/mappings}
     * @param only     comma-separated entity sets to sync (empty: every enabled mapping)
     */
    public MappingCatalog(String location, String only) {
        this.location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        this.only = only == null || only.isBlank() ? Set.of()
                : Arrays.stream(only.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Reads and checks every mapping file (the bean's init method). */
    public void load() throws Exception {
        Collection<Resource> resources = PluginHelper.getPackageScanResourceResolver(camelContext)
                .findResources(location + "/*.yaml");
        if (resources.isEmpty()) {
            throw new IllegalStateException("sync.mappings: no mapping files (*.yaml) found at " + location);
        }
        List<Resource> sorted = resources.stream().sorted(Comparator.comparing(Resource::getLocation)).toList();
        for (Resource resource : sorted) {
            EntityMapping mapping = parse(resource);
            if (!mapping.isEnabled() || !only.isEmpty() && !only.contains(mapping.entitySet())) {
                continue;
            }
            String previous = sources.put(mapping.entitySet(), resource.getLocation());
            if (previous != null) {
                throw new IllegalStateException("sync.mappings: entity set " + mapping.entitySet() + " is mapped twice, in "
                        + previous + " and " + resource.getLocation());
            }
            mappings.put(mapping.entitySet(), mapping);
        }
        Set<String> unknown = new TreeSet<>(only);
        unknown.removeAll(mappings.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("sync.entities names entity sets without an enabled mapping: " + unknown);
        }
    }

    private static EntityMapping parse(Resource resource) throws IOException {
        EntityMapping mapping;
        try (InputStream in = resource.getInputStream()) {
            JsonNode tree = YAML.readTree(in);
            if (tree == null || !tree.isObject()) {
                throw new IllegalStateException("Mapping " + resource.getLocation() + " is not a YAML mapping of keys to values");
            }
            // a misspelt key also leaves a required one missing; name the misspelling, it is the cause
            Set<String> known = new TreeSet<>();
            for (RecordComponent component : EntityMapping.class.getRecordComponents()) {
                known.add(component.getName());
            }
            for (Iterator<String> keys = tree.fieldNames(); keys.hasNext();) {
                String key = keys.next();
                if (!known.contains(key)) {
                    throw new IllegalStateException("Mapping " + resource.getLocation() + ": unknown key '" + key + "' (known: "
                            + known + ")");
                }
            }
            mapping = YAML.treeToValue(tree, EntityMapping.class);
        } catch (IllegalStateException e) {
            throw e;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalStateException("Mapping " + resource.getLocation() + ": unknown key '" + e.getPropertyName()
                    + "' (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (MismatchedInputException e) {
            throw new IllegalStateException("Mapping " + resource.getLocation() + ": " + e.getOriginalMessage()
                    + " at " + e.getPathReference(), e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Mapping " + resource.getLocation() + " does not parse: " + e.getMessage(), e);
        }
        List<String> problems = mapping.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Mapping " + resource.getLocation() + " (" + mapping.entitySet() + "): "
                    + String.join("; ", problems));
        }
        return mapping;
    }

    public EntityMapping get(String entitySet) {
        EntityMapping mapping = mappings.get(entitySet);
        if (mapping == null) {
            throw new IllegalArgumentException("No mapping for entity set " + entitySet);
        }
        return mapping;
    }

    /** The file an entity's mapping came from, for messages. */
    public String source(String entitySet) {
        return sources.get(entitySet);
    }

    public Collection<EntityMapping> all() {
        return mappings.values();
    }
}
