package io.dynsync.mapping;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which way a field syncs. */
public enum Direction {
    BOTH("both"), TO_STORE("to-store"), TO_DYNAMICS("to-dynamics"), NONE("none");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public boolean toStore() {
        return this == BOTH || this == TO_STORE;
    }

    public boolean toDynamics() {
        return this == BOTH || this == TO_DYNAMICS;
    }

    @JsonCreator
    public static Direction of(String label) {
        for (Direction d : values()) {
            if (d.label.equals(label.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("direction must be both, to-store, to-dynamics or none (was '" + label + "')");
    }
}
