package io.dynsync.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** A failure answered with Dataverse's error JSON {"error":{"code":"0x…","message":"…"}}. */
final class DataverseError extends RuntimeException {
    static final String PROPERTY_NOT_FOUND = "0x80060888";
    static final String RECORD_NOT_FOUND = "0x80040217";
    static final String SEGMENT_NOT_FOUND = "0x8006088a";
    static final String UNDECLARED_PROPERTY = "0x80048d19";
    static final String DUPLICATE_RECORD = "0x80040237";
    static final String VERSION_MISMATCH = "0x80060882";
    static final String REQUEST_LIMIT = "0x80072322";
    static final String UNEXPECTED = "0x80040216";
    /** ISV code aborted the operation: what a plug-in's InvalidPluginExecutionException becomes. */
    static final String PLUGIN_FAILED = "0x80040265";
    static final String INVALID_ARGUMENT = "0x80040203";
    /** An app registration without an application user in the organization. */
    static final String NOT_A_MEMBER = "0x80072560";

    final int status;
    final String code;
    final Map<String, String> headers = new LinkedHashMap<>();

    DataverseError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    DataverseError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    static DataverseError badRequest(String message) {
        return new DataverseError(400, PROPERTY_NOT_FOUND, message);
    }

    static DataverseError propertyNotFound(EntityDef def, String name) {
        return badRequest("Could not find a property named '" + name + "' on type '" + def.typeName() + "'.");
    }

    static DataverseError recordNotFound(EntityDef def, String id) {
        return new DataverseError(404, RECORD_NOT_FOUND, def.logicalName + " With Id = " + id + " Does Not Exist");
    }

    static DataverseError segmentNotFound(String segment) {
        return new DataverseError(404, SEGMENT_NOT_FOUND, "Resource not found for the segment '" + segment + "'.");
    }

    static DataverseError notImplemented(String what) {
        return new DataverseError(501, SEGMENT_NOT_FOUND,
                what + " is not implemented by the Dataverse emulator yet.");
    }

    static DataverseError methodNotAllowed(String method) {
        return new DataverseError(405, PROPERTY_NOT_FOUND,
                "The HTTP method '" + method + "' is not allowed for this resource.");
    }
}
