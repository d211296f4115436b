package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterParserTest {
    private final Schema schema = Schema.standard();
    private final EntityDef leads = schema.bySet("leads");
    private final EntityDef accounts = schema.bySet("accounts");

    private Row lead(String first, String last, String email, Instant modified, Boolean sync, String accountId) {
        Object[] v = new Object[leads.width()];
        v[0] = "11111111-2222-3333-4444-555555555555";
        put(leads, v, "firstname", first);
        put(leads, v, "lastname", last);
        put(leads, v, "emailaddress1", email);
        put(leads, v, "modifiedon", modified);
        put(leads, v, "new_synctomkto", sync);
        put(leads, v, "statecode", 0);
        put(leads, v, "versionnumber", 1234L);
        put(leads, v, "parentaccountid", accountId == null ? null : new Ref("account", accountId));
        return new Row((String) v[0], v);
    }

    private static void put(EntityDef d, Object[] v, String name, Object value) {
        v[d.attributeByLogicalName(name).index()] = value;
    }

    private boolean matches(String filter, Row row) {
        return FilterParser.parse(leads, filter).matches(row);
    }

    @Test
    void doubledQuoteIsOneApostropheAndComparisonIgnoresCase() {
        Row obrien = lead("Siobhán", "O'Brien", null, null, null, null);
        assertThat(matches("lastname eq 'O''Brien'", obrien)).isTrue();
        assertThat(matches("lastname eq 'o''brien'", obrien)).isTrue();
        assertThat(matches("lastname eq 'OBrien'", obrien)).isFalse();
        assertThat(matches("startswith(lastname,'o''b')", obrien)).isTrue();
        // accent-insensitive, like Dataverse's default collation
        assertThat(matches("firstname eq 'siobhan'", obrien)).isTrue();
    }

    @Test
    void unterminatedLiteralIsA400WithPosition() {
        assertThatThrownBy(() -> FilterParser.parse(leads, "lastname eq 'O'Brien'"))
                .isInstanceOfSatisfying(DataverseError.class, e -> {
                    assertThat(e.status).isEqualTo(400);
                    assertThat(e.code).isEqualTo("0x80060888");
                    assertThat(e.getMessage()).startsWith("There is an unterminated literal at position 20");
                });
        assertThatThrownBy(() -> FilterParser.parse(leads, "lastname eq 'abc"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("unterminated literal at position 12");
    }

    @Test
    void andOrNotAndParentheses() {
        Row r = lead("Zoë", "Müller", "zoe.muller+news@contoso.example.com", null, true, null);
        assertThat(matches("firstname eq 'zoe' and (lastname eq 'x' or lastname eq 'müller')", r)).isTrue();
        assertThat(matches("firstname eq 'zoe' and lastname eq 'x' or lastname eq 'y'", r)).isFalse();
        assertThat(matches("not (lastname eq 'Müller')", r)).isFalse();
        assertThat(matches("not contains(emailaddress1,'promo')", r)).isTrue();
        assertThat(matches("contains(emailaddress1,'+NEWS@')", r)).isTrue();
        assertThat(matches("endswith(emailaddress1,'.example.com') and new_synctomkto eq true", r)).isTrue();
    }

    @Test
    void nullsFollowSqlThreeValuedLogic() {
        Row noFlag = lead("A", "B", null, null, null, null);
        assertThat(matches("new_synctomkto eq null", noFlag)).isTrue();
        assertThat(matches("new_synctomkto ne null", noFlag)).isFalse();
        assertThat(matches("new_synctomkto ne false", noFlag)).isFalse();
        assertThat(matches("not (new_synctomkto eq false)", noFlag)).isFalse();
        assertThat(matches("new_synctomkto ne false or new_synctomkto eq null", noFlag)).isTrue();
        assertThat(matches("emailaddress1 eq null and contains(emailaddress1,'a') eq false", noFlag)).isFalse();
    }

    @Test
    void guidsQuotedOrUnquotedAndDateTimesUnquoted() {
        String account = "49b0be2e-d01c-ed11-b83e-000d3a572421";
        Row r = lead("A", "B", null, Instant.parse("2024-05-01T10:00:00Z"), null, account);
        assertThat(matches("_parentaccountid_value eq 49b0be2e-d01c-ed11-b83e-000d3a572421", r)).isTrue();
        assertThat(matches("_parentaccountid_value eq '49B0BE2E-D01C-ED11-B83E-000D3A572421'", r)).isTrue();
        assertThat(matches("leadid eq 11111111-2222-3333-4444-555555555555", r)).isTrue();
        assertThat(matches("modifiedon gt 2024-05-01T09:59:59Z and modifiedon le 2024-05-01T10:00:00Z", r)).isTrue();
        assertThat(matches("modifiedon gt 2024-05-01T12:00:00+02:00", r)).isFalse();
        assertThat(matches("versionnumber ge 1234 and statecode eq 0", r)).isTrue();
        assertThatThrownBy(() -> FilterParser.parse(leads, "_parentaccountid_value eq 'nope'"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("Edm.Guid");
    }

    @Test
    void numbersAndDecimalsAndAliases() {
        Object[] v = new Object[accounts.width()];
        v[0] = "11111111-2222-3333-4444-555555555555";
        put(accounts, v, "revenue", new BigDecimal("1000.50"));
        put(accounts, v, "numberofemployees", 12);
        Row a = new Row((String) v[0], v);
        assertThat(FilterParser.parse(accounts, "revenue gt 1000.4 and numberofemployees lt 13").matches(a)).isTrue();
        assertThat(FilterParser.parse(accounts, "13 gt numberofemployees").matches(a)).isTrue();
        assertThat(FilterParser.parse(accounts, "numberofemployees eq @n", Map.of("@n", "12")).matches(a)).isTrue();
    }

    @Test
    void unknownColumnsAndBadSyntaxAre400() {
        assertThatThrownBy(() -> FilterParser.parse(leads, "nosuch eq 1"))
                .isInstanceOf(DataverseError.class)
                .hasMessage("Could not find a property named 'nosuch' on type 'Microsoft.Dynamics.CRM.lead'.");
        assertThatThrownBy(() -> FilterParser.parse(leads, "parentaccountid eq null"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("'parentaccountid'");
        assertThatThrownBy(() -> FilterParser.parse(leads, "lastname eq 'a' and"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> FilterParser.parse(leads, "(lastname eq 'a'"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("Syntax error");
        assertThatThrownBy(() -> FilterParser.parse(leads, "statecode eq 'open'"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("incompatible types");
    }
}
