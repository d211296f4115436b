package io.dynsync.mapping;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whose value a field keeps when both sides changed it since the last sync. */
public enum Winner {
    STORE, DYNAMICS;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Winner of(String label) {
        try {
            return valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("conflict winner must be store or dynamics (was '" + label + "')");
        }
    }
}
