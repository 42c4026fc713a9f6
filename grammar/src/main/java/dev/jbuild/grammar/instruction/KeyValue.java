package dev.jbuild.grammar.instruction;

import java.util.Objects;

/**
 * One {@code key=value} of ENV or LABEL, both as written. {@code legacyForm} marks the old
 * {@code ENV key value} spelling, whose value is the rest of the line.
 */
public record KeyValue(String key, String value, boolean legacyForm) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a key=value pair needs a key");
        }
    }
}
