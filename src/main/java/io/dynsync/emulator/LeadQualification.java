package io.dynsync.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QualifyLead: closes an open lead as Qualified and creates the account, contact and opportunity asked for,
 * each pointing back through originatingleadid, the contact under the new account, the opportunity's customer
 * the new account (else the new contact), and the lead pointing at all three. One store transaction, so a
 * failure leaves nothing half-qualified; the sync sees one lead update and up to three creates.
 */
final class LeadQualification {
    /** Dataverse's only status reason for a qualified lead; Status -1 asks the server to pick it. */
    static final int QUALIFIED_STATUS = 3;
    /** Lead columns copied to the new contact (Dataverse's default lead-to-contact mapping, in part). */
    private static final String[] CONTACT_COLUMNS =
        {"firstname", "lastname", "emailaddress1", "telephone1", "jobtitle"};

    /**
     * What to create.
     *
     * @param status              the lead's new statuscode: 3, or -1 for the default (3)
     * @param opportunityCustomer the opportunity's customer when neither an account nor a contact is created;
     *                            may be null
     */
    record Request(boolean account, boolean contact, boolean opportunity, int status, Ref opportunityCustomer) {
    }

    private final RecordStore store;
    private final EntityDef leads;
    private final EntityDef accounts;
    private final EntityDef contacts;
    private final EntityDef opportunities;

    LeadQualification(RecordStore store) {
        this.store = store;
        Schema schema = store.schema();
        this.leads = schema.bySet("leads");
        this.accounts = schema.bySet("accounts");
        this.contacts = schema.bySet("contacts");
        this.opportunities = schema.bySet("opportunities");
    }

    QualifiedLead qualify(String leadId, Request request, String actorId) {
        if (request.status() != QUALIFIED_STATUS && request.status() != -1) {
            throw new DataverseError(400, DataverseError.INVALID_ARGUMENT, request.status()
                    + " is not a valid status code for state code LeadState.Qualified on lead with Id " + leadId + ".");
        }
        return store.transaction(() -> {
            Row lead = store.get(leads, leadId);
            if (lead == null) {
                throw DataverseError.recordNotFound(leads, leadId);
            }
            Object state = value(leads, lead, "statecode");
            if (state != null && ((Integer) state) != 0) {
                throw new DataverseError(400, DataverseError.INVALID_ARGUMENT, "The lead is closed. You cannot "
                        + "convert or qualify a lead that is already closed.");
            }
            Ref leadRef = new Ref(leads.logicalName, leadId);
            Ref owner = BuiltInUsers.ref(actorId);
            String company = (String) value(leads, lead, "companyname");

            Ref account = null;
            // without a company name there is nothing to name the account after; Dataverse skips it too
            if (request.account() && company != null) {
                Map<AttributeDef, Object> v = new LinkedHashMap<>();
                put(v, accounts, "name", company);
                put(v, accounts, "telephone1", value(leads, lead, "telephone1"));
                put(v, accounts, "originatingleadid", leadRef);
                put(v, accounts, "ownerid", owner);
                account = new Ref(accounts.logicalName, store.create(accounts, null, v, actorId).id);
            }
            Ref contact = null;
            if (request.contact()) {
                Map<AttributeDef, Object> v = new LinkedHashMap<>();
                for (String column : CONTACT_COLUMNS) {
                    put(v, contacts, column, value(leads, lead, column));
                }
                put(v, contacts, "originatingleadid", leadRef);
                put(v, contacts, "parentcustomerid", account);
                put(v, contacts, "ownerid", owner);
                contact = new Ref(contacts.logicalName, store.create(contacts, null, v, actorId).id);
            }
            Ref opportunity = null;
            if (request.opportunity()) {
                Map<AttributeDef, Object> v = new LinkedHashMap<>();
                Object topic = value(leads, lead, "subject");
                put(v, opportunities, "name", topic != null ? topic : value(leads, lead, "fullname"));
                Ref customer = account != null ? account : contact != null ? contact : request.opportunityCustomer();
                put(v, opportunities, "customerid", customer);
                put(v, opportunities, "parentaccountid", account);
                put(v, opportunities, "parentcontactid", contact);
                put(v, opportunities, "originatingleadid", leadRef);
                put(v, opportunities, "ownerid", owner);
                opportunity = new Ref(opportunities.logicalName, store.create(opportunities, null, v, actorId).id);
            }
            Map<AttributeDef, Object> closed = new LinkedHashMap<>();
            put(closed, leads, "statecode", 1);
            put(closed, leads, "statuscode", QUALIFIED_STATUS);
            if (account != null) {
                put(closed, leads, "parentaccountid", account);
            }
            if (contact != null) {
                put(closed, leads, "parentcontactid", contact);
            }
            if (opportunity != null) {
                put(closed, leads, "qualifyingopportunityid", opportunity);
            }
            store.update(leads, leadId, closed, actorId);
            return new QualifiedLead(id(account), id(contact), id(opportunity));
        });
    }

    private static Object value(EntityDef def, Row row, String column) {
        return row.get(def.attributeByLogicalName(column));
    }

    private static void put(Map<AttributeDef, Object> values, EntityDef def, String column, Object value) {
        values.put(def.attributeByLogicalName(column), value);
    }

    private static String id(Ref ref) {
        return ref == null ? null : ref.id();
    }
}
