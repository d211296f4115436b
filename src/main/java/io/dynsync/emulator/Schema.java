package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables the emulator serves. Each table is one small definition below, so adding a column or a
 * table is a line each; everything else (queries, writes, seeding, serialization) reads this.
 */
final class Schema {
    static final String CREATEDON = "createdon";
    static final String CREATEDBY = "createdby";
    static final String MODIFIEDBY = "modifiedby";
    static final String MODIFIEDON = "modifiedon";
    static final String VERSIONNUMBER = "versionnumber";

    private final Map<String, EntityDef> bySet = new LinkedHashMap<>();
    private final Map<String, EntityDef> byLogical = new LinkedHashMap<>();

    Schema(List<EntityDef> defs) {
        for (EntityDef d : defs) {
            bySet.put(d.entitySet, d);
            byLogical.put(d.logicalName, d);
        }
    }

    static Schema standard() {
        return build(List.of(
                table("systemuser", "systemusers", "fullname").derivedFullName()
                        .strings("fullname", "firstname", "lastname", "internalemailaddress", "title")
                        .bools("isdisabled").defaults("isdisabled", false)
                        // set on application users: the app registration (client id) the user stands for
                        .guids("applicationid").stamps(),
                table("team", "teams", "name")
                        .strings("name").ints("teamtype").lookup("administratorid", "systemuser").stamps(),
                // the N:N intersect has no createdon/modifiedon in Dataverse either
                table("teammembership", "teammemberships", null)
                        .guids("teamid", "systemuserid").versionOnly(),
                table("account", "accounts", "name")
                        .strings("name", "websiteurl").ints("industrycode", "numberofemployees").money("revenue")
                        .strings("address1_city", "address1_country", "telephone1")
                        .lookup("ownerid", "systemuser", "team").lookup("parentaccountid", "account")
                        .lookup("primarycontactid", "contact").ints("statecode", "statuscode")
                        .bools("merged").lookup("masterid", "account").lookup("originatingleadid", "lead")
                        .bools("new_synctomkto").defaults("statecode", 0, "statuscode", 1, "merged", false).stamps(),
                table("contact", "contacts", "fullname").derivedFullName()
                        .strings("firstname", "lastname", "fullname", "emailaddress1", "jobtitle", "telephone1",
                                "mobilephone")
                        .bools("donotbulkemail").polymorphic("parentcustomerid", "account", "contact")
                        .lookup("ownerid", "systemuser", "team").lookup("originatingleadid", "lead")
                        .ints("statecode", "statuscode").bools("merged").lookup("masterid", "contact")
                        .bools("new_synctomkto")
                        .defaults("statecode", 0, "statuscode", 1, "merged", false, "donotbulkemail", false).stamps(),
                table("lead", "leads", "fullname").derivedFullName()
                        .strings("firstname", "lastname", "fullname", "emailaddress1", "companyname", "jobtitle",
                                "telephone1", "subject")
                        .ints("leadsourcecode").bools("donotbulkemail").lookup("ownerid", "systemuser", "team")
                        .lookup("parentaccountid", "account").lookup("parentcontactid", "contact")
                        .lookup("qualifyingopportunityid", "opportunity").ints("statecode", "statuscode")
                        .bools("merged").lookup("masterid", "lead").bools("new_synctomkto")
                        .defaults("statecode", 0, "statuscode", 1, "donotbulkemail", false, "merged", false)
                        .stamps(),
                table("opportunity", "opportunities", "name")
                        .strings("name").money("estimatedvalue").dates("estimatedclosedate").strings("stepname")
                        .ints("closeprobability", "statecode", "statuscode")
                        .polymorphic("customerid", "account", "contact").lookup("parentaccountid", "account")
                        .lookup("parentcontactid", "contact").lookup("ownerid", "systemuser", "team")
                        .lookup("originatingleadid", "lead").defaults("statecode", 0, "statuscode", 1).stamps(),
                table("new_project", "new_projects", "new_name").custom()
                        .strings("new_name").decimals("new_budget").dates("new_startdate").bools("new_active")
                        .ints("new_phase").lookupBoundAs("new_accountid", "new_AccountId", "account")
                        .lookup("ownerid", "systemuser", "team").stamps()));
    }

    EntityDef bySet(String entitySet) {
        return bySet.get(entitySet);
    }

    EntityDef byLogicalName(String logicalName) {
        return byLogical.get(logicalName);
    }

    Collection<EntityDef> all() {
        return bySet.values();
    }

    private static TableBuilder table(String logicalName, String entitySet, String primaryName) {
        return new TableBuilder(logicalName, entitySet, primaryName);
    }

    /** Fluent table definition; {@link Schema#standard()} turns each into an {@link EntityDef}. */
    private static final class TableBuilder {
        private final String logicalName;
        private final String entitySet;
        private final String primaryName;
        private final List<AttributeDef> attrs = new ArrayList<>();
        private boolean custom;
        private boolean derivedFullName;

        TableBuilder(String logicalName, String entitySet, String primaryName) {
            this.logicalName = logicalName;
            this.entitySet = entitySet;
            this.primaryName = primaryName;
            add(logicalName + "id", AttrType.PRIMARY_KEY, List.of(), Map.of(), false);
        }

        private TableBuilder add(String name, AttrType type, List<String> targets, Map<String, String> binds,
                                 boolean system) {
            attrs.add(new AttributeDef(name, type, attrs.size(), targets, binds, system, null));
            return this;
        }

        private TableBuilder many(AttrType type, String... names) {
            for (String n : names) {
                boolean system = derivedFullName && n.equals("fullname");
                add(n, type, List.of(), Map.of(), system);
            }
            return this;
        }

        TableBuilder strings(String... names) { return many(AttrType.STRING, names); }
        TableBuilder ints(String... names) { return many(AttrType.INT, names); }
        TableBuilder bools(String... names) { return many(AttrType.BOOL, names); }
        TableBuilder money(String... names) { return many(AttrType.MONEY, names); }
        TableBuilder decimals(String... names) { return many(AttrType.DECIMAL, names); }
        TableBuilder dates(String... names) { return many(AttrType.DATEONLY, names); }
        TableBuilder guids(String... names) { return many(AttrType.GUID, names); }

        /** Values a create fills in when the body leaves them out, as Dataverse's column defaults do. */
        TableBuilder defaults(Object... nameValuePairs) {
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                for (int j = 0; j < attrs.size(); j++) {
                    if (attrs.get(j).name().equals(nameValuePairs[i])) {
                        attrs.set(j, attrs.get(j).withDefault(nameValuePairs[i + 1]));
                    }
                }
            }
            return this;
        }

        TableBuilder custom() {
            custom = true;
            return this;
        }

        TableBuilder derivedFullName() {
            derivedFullName = true;
            return this;
        }

        /** A lookup bound by its own name (ownerid accepts any of its targets, as in Dataverse). */
        TableBuilder lookup(String name, String... targets) {
            Map<String, String> binds = new LinkedHashMap<>();
            binds.put(name, targets.length == 1 ? targets[0] : null);
            return add(name, AttrType.LOOKUP, List.of(targets), binds, false);
        }

        /** A lookup whose navigation property differs from the column name (custom lookups use SchemaName casing). */
        TableBuilder lookupBoundAs(String name, String bindName, String target) {
            return add(name, AttrType.LOOKUP, List.of(target), Map.of(bindName, target), false);
        }

        /** A customer-style lookup: one navigation property per target, name_target. */
        TableBuilder polymorphic(String name, String... targets) {
            Map<String, String> binds = new LinkedHashMap<>();
            for (String t : targets) {
                binds.put(name + "_" + t, t);
            }
            return add(name, AttrType.LOOKUP, List.of(targets), binds, false);
        }

        /**
         * Who and when: createdby/modifiedby are systemuser lookups the store stamps from the caller, read-only
         * through the Web API as in Dataverse (their binds are accepted and ignored, like createdon).
         */
        TableBuilder stamps() {
            add(CREATEDBY, AttrType.LOOKUP, List.of("systemuser"), Map.of(CREATEDBY, "systemuser"), true);
            add(CREATEDON, AttrType.DATETIME, List.of(), Map.of(), true);
            add(MODIFIEDBY, AttrType.LOOKUP, List.of("systemuser"), Map.of(MODIFIEDBY, "systemuser"), true);
            add(MODIFIEDON, AttrType.DATETIME, List.of(), Map.of(), true);
            return versionOnly();
        }

        TableBuilder versionOnly() {
            return add(VERSIONNUMBER, AttrType.BIGINT, List.of(), Map.of(), true);
        }
    }

    private static Schema build(List<TableBuilder> builders) {
        return new Schema(builders.stream().map(b -> new EntityDef(b.logicalName, b.entitySet, b.primaryName,
                b.custom, b.derivedFullName, b.attrs)).toList());
    }
}
