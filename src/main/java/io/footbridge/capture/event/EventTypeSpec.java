package io.footbridge.capture.event;

import com.networknt.schema.Schema;

import java.util.List;
import java.util.Set;

/**
 * What an event type requires. Built-in types list their properties; tenant-defined ones carry a JSON Schema.
 *
 * @param identifiersAnyOf at least one of these identifiers must be present; empty when none is required
 */
record EventTypeSpec(String name, String description, boolean requiresStore, Set<String> identifiersAnyOf,
                     List<PropertySpec> properties, Schema schema, String schemaJson) {

    enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, OBJECT, ARRAY }

    record PropertySpec(String name, Kind kind, boolean required, Long min, Long max) {

        static PropertySpec required(String name, Kind kind) {
            return new PropertySpec(name, kind, true, null, null);
        }

        static PropertySpec optional(String name, Kind kind) {
            return new PropertySpec(name, kind, false, null, null);
        }

        PropertySpec range(long min, long max) {
            return new PropertySpec(name, kind, required, min, max);
        }
    }

    boolean custom() {
        return schema != null;
    }
}
