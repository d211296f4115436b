package io.dynsync.emulator;

/** Column types the emulator distinguishes; each maps to one Web API (Edm) representation. */
enum AttrType {
    /** The table's primary key (Edm.Guid). */
    PRIMARY_KEY("Edm.Guid"),
    /** A plain Guid column that is not a lookup (the N:N intersect's teamid/systemuserid). */
    GUID("Edm.Guid"),
    STRING("Edm.String"),
    INT("Edm.Int32"),
    BIGINT("Edm.Int64"),
    BOOL("Edm.Boolean"),
    DECIMAL("Edm.Decimal"),
    MONEY("Edm.Decimal"),
    /** UserLocal date-time: stored and returned as UTC, second precision. */
    DATETIME("Edm.DateTimeOffset"),
    /** DateOnly: returned as yyyy-MM-dd. */
    DATEONLY("Edm.Date"),
    /** Single-valued lookup, exposed as _name_value. */
    LOOKUP("Edm.Guid");

    final String edmName;

    AttrType(String edmName) {
        this.edmName = edmName;
    }

    boolean isGuid() {
        return this == PRIMARY_KEY || this == GUID || this == LOOKUP;
    }

    boolean isNumeric() {
        return this == INT || this == BIGINT || this == DECIMAL || this == MONEY;
    }
}
