package io.dynsync.emulator;

/**
 * The records QualifyLead created from a lead; an id is null when that record was not asked for (or, for the
 * account, when the lead has no company name to name it after).
 */
public record QualifiedLead(String accountId, String contactId, String opportunityId) {
}
