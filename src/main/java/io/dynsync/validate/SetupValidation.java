package io.dynsync.validate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynsync.dynamics.AuthSettings;
import io.dynsync.dynamics.CredentialsRefused;
import io.dynsync.dynamics.DynamicsAuth;
import io.dynsync.dynamics.InboundQuery;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.FieldMapping;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.store.MappedTables;
import io.dynsync.store.Store;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setup checklist (Marketo's "Validate Sync", and more): Dynamics answers, the credentials give a
 * token, the Web API accepts it, every mapped entity set and attribute exists and is readable (with
 * change tracking where the mapping relies on it), and the store is reachable and migrated. The
 * validate command prints it; start-up runs it and refuses to start when a line fails.
 */
public class SetupValidation implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(SetupValidation.class);

    private final DynamicsAuth auth;
    private final MappingCatalog mappings;
    private final Store store;
    private final MappedTables tables;
    private final boolean onStart;
    private CamelContext camelContext;

    /** @param onStart {@code sync.validate-on-start}: run at start-up and refuse to start on a failure */
    public SetupValidation(DynamicsAuth auth, MappingCatalog mappings, Store store, MappedTables tables, boolean onStart) {
        this.auth = auth;
        this.mappings = mappings;
        this.store = store;
        this.tables = tables;
        this.onStart = onStart;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /**
     * The bean's init method: the checks run when the context starts, before any route does. (Not here:
     * Camel creates a YAML bean a second time when its init method fails, which would run them twice.)
     */
    public void verifyOnStart() throws Exception {
        if (!onStart) {
            return;
        }
        camelContext.addStartupListener((context, alreadyStarted) -> {
            // a host may load the beans twice (the first set is destroyed): only the bound one checks
            if (!alreadyStarted && context.getRegistry().lookupByName("syncValidation") == this) {
                verify();
            }
        });
    }

    /**
     * Runs the checks; fails with every failed line when the setup is wrong. Lines that failed only because
     * Dynamics did not answer are warnings: an outage must not keep the sync (or its host) from starting.
     */
    public void verify() {
        List<Check> checks = run();
        checks.stream().filter(Check::unavailable).forEach(c -> LOG.warn("Setup check could not reach Dynamics, the sync "
                + "starts anyway and its routes retry: {}", c));
        List<Check> failed = checks.stream().filter(c -> !c.passed() && !c.unavailable()).toList();
        if (!failed.isEmpty()) {
            throw new SetupCheckFailed("The setup check failed, the sync does not start (sync.validate-on-start):\n  "
                    + String.join("\n  ", failed.stream().map(Check::toString).toList()));
        }
        LOG.info("Setup check passed: {} of {} checks", checks.stream().filter(Check::passed).count(), checks.size());
    }

    /** Runs every check; never throws. */
    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.pass("configuration", mappings.all().size() + " mapping file(s) parsed, schedule and settings read"));
        AuthSettings settings = auth.settings();
        String apiRoot = new InboundQuery(settings.dynamicsUrl()).apiRoot();
        WebApiProbe probe;
        try {
            probe = new WebApiProbe(apiRoot, settings.sslContext());
        } catch (RuntimeException e) {
            checks.add(Check.fail("sync.dynamics.trust-store", e.getMessage()));
            checks.add(storeCheck());
            return checks;
        }
        String token = null;
        boolean reachable = false;
        try {
            WebApiProbe.Answer answer = probe.get("", null);
            // the service document, or a 401 before sign-in; anything else is not a Dataverse Web API
            reachable = answer.status() == 200 || answer.status() == 401;
            checks.add(reachable
                    ? Check.pass("sync.dynamics.url", "Dynamics answers at " + settings.dynamicsUrl()
                            + (answer.status() == 401 ? " (and asks for a token)" : ""))
                    : Check.failed("sync.dynamics.url", settings.dynamicsUrl() + " answers HTTP " + answer.status()
                            + " where the Web API should be: is it the organization URL (https://<org>.crm.dynamics.com)?",
                            answer.status()));
        } catch (Exception e) {
            checks.add(Check.unavailable("sync.dynamics.url", "no answer from " + settings.dynamicsUrl() + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
        }
        if ("none".equals(settings.mode())) {
            checks.add(Check.pass("sign-in", "mode none: no sign-in (only for the local emulator)"));
        } else {
            try {
                token = auth.token(true);
                checks.add(Check.pass("sign-in", "mode " + settings.mode() + ": Entra ID issued a token"));
            } catch (CredentialsRefused e) {
                checks.add(Check.fail("sign-in", e.getMessage()));
            } catch (RuntimeException e) {
                checks.add(Check.unavailable("sign-in", "no token (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")"));
            }
        }
        if (reachable && (token != null || "none".equals(settings.mode()))) {
            checks.addAll(webApiChecks(probe, token));
        }
        checks.add(storeCheck());
        return checks;
    }

    private List<Check> webApiChecks(WebApiProbe probe, String token) {
        List<Check> checks = new ArrayList<>();
        try {
            WebApiProbe.Answer whoAmI = probe.get("WhoAmI", token);
            if (whoAmI.status() != 200) {
                checks.add(Check.failed("WhoAmI", "the Web API refused the token: " + WebApiProbe.error(whoAmI), whoAmI.status()));
                return checks;
            }
            checks.add(Check.pass("WhoAmI", "the Web API accepts the token (user " + whoAmI.body().path("UserId").asText() + ")"));
            for (EntityMapping mapping : mappings.all()) {
                checks.add(entityCheck(probe, token, mapping));
            }
        } catch (Exception e) {
            checks.add(Check.unavailable("Web API", "a metadata request failed (" + e.getClass().getSimpleName() + ")"));
        }
        return checks;
    }

    private Check entityCheck(WebApiProbe probe, String token, EntityMapping mapping) throws Exception {
        String subject = mappings.source(mapping.entitySet()) + " (" + mapping.entitySet() + ")";
        WebApiProbe.Answer definition = probe.get("EntityDefinitions?$select=LogicalName,EntitySetName,ChangeTrackingEnabled&$filter="
                + encode("EntitySetName eq '" + mapping.entitySet() + "'"), token);
        JsonNode entity = definition.status() == 200 ? definition.body().path("value").path(0) : null;
        if (entity == null || entity.isMissingNode()) {
            return Check.failed(subject, definition.status() == 200 ? "Dynamics has no entity set " + mapping.entitySet()
                    : "reading its definition failed: " + WebApiProbe.error(definition), definition.status());
        }
        String logicalName = entity.path("LogicalName").asText();
        WebApiProbe.Answer attributes = probe.get("EntityDefinitions(LogicalName='" + logicalName
                + "')/Attributes?$select=LogicalName,IsValidForRead", token);
        if (attributes.status() != 200) {
            return Check.failed(subject, "reading its attributes failed: " + WebApiProbe.error(attributes), attributes.status());
        }
        Set<String> readable = new LinkedHashSet<>();
        for (JsonNode attribute : attributes.body().path("value")) {
            if (attribute.path("IsValidForRead").asBoolean(true)) {
                readable.add(attribute.path("LogicalName").asText().toLowerCase(Locale.ROOT));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String attribute : mapping.selectAttributes()) {
            if (!readable.contains(logical(attribute))) {
                missing.add(attribute);
            }
        }
        if (!missing.isEmpty()) {
            return Check.fail(subject, "entity " + logicalName + " has no readable attribute " + String.join(", ", missing));
        }
        // a lookup written to Dynamics goes through a navigation property (case-sensitive), to its target's set
        List<FieldMapping> binds = mapping.outboundFields().stream().filter(f -> f.bind() != null).toList();
        if (!binds.isEmpty()) {
            WebApiProbe.Answer relationships = probe.get("EntityDefinitions(LogicalName='" + logicalName
                    + "')/ManyToOneRelationships?$select=ReferencingEntityNavigationPropertyName,ReferencingAttribute", token);
            if (relationships.status() != 200) {
                return Check.failed(subject, "reading its lookups failed: " + WebApiProbe.error(relationships), relationships.status());
            }
            Set<String> navigations = new LinkedHashSet<>();
            for (JsonNode relationship : relationships.body().path("value")) {
                navigations.add(relationship.path("ReferencingEntityNavigationPropertyName").asText());
            }
            for (FieldMapping field : binds) {
                if (!navigations.contains(field.bind().navigation())) {
                    return Check.fail(subject, "field " + field.to() + ": entity " + logicalName + " has no navigation property "
                            + field.bind().navigation() + " to bind " + field.attribute() + " with");
                }
            }
        }
        // the metadata says the columns exist; one record read says the sync's user may read them
        WebApiProbe.Answer read = probe.get(mapping.entitySet() + "?$select=" + String.join(",", mapping.selectAttributes())
                + "&$top=1", token);
        if (read.status() != 200) {
            return Check.failed(subject, "reading " + mapping.entitySet() + " failed: " + WebApiProbe.error(read)
                    + (read.status() == 403 ? " (give the sync's user read access to " + logicalName + " in its security role)" : ""),
                    read.status());
        }
        boolean tracked = entity.path("ChangeTrackingEnabled").asBoolean(false);
        if (mapping.changeTracking() && !tracked) {
            return Check.fail(subject, "the mapping relies on change tracking, which is off for " + logicalName
                    + " (turn it on for the table in Dynamics, or set changeTracking: false)");
        }
        return Check.pass(subject, logicalName + ", " + mapping.selectAttributes().size() + " attributes readable"
                + (mapping.changeTracking() ? ", change tracking on" : ""));
    }

    /** The Web API's {@code _x_value} is the lookup attribute {@code x} of the metadata. */
    private static String logical(String attribute) {
        String a = attribute.toLowerCase(Locale.ROOT);
        return FieldMapping.isLookup(a) ? a.substring(1, a.length() - "_value".length()) : a;
    }

    private Check storeCheck() {
        try (Connection c = store.dataSource().getConnection()) {
            String database = c.getMetaData().getDatabaseProductName() + " reachable, schema version " + store.schemaVersion();
            int migrations = store.pendingMigrations();
            List<String> created = tables == null ? List.of() : tables.pending();
            if (migrations == 0 && created.isEmpty()) {
                return Check.pass("sync.store.url", database + " (up to date)");
            }
            // with migrations pending, the contract tables are missing too: name only what the mappings add
            return Check.pass("sync.store.url", database + "; start-up will " + (migrations > 0
                    ? "apply " + migrations + " migration(s), then create what the mappings add"
                    : "create " + String.join(", ", new java.util.LinkedHashSet<>(created))));
        } catch (Exception e) {
            return Check.fail("sync.store.url", "the store is not usable (" + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
