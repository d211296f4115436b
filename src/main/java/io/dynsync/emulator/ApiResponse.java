package io.dynsync.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Web API answer before it is written, plus what the request log records about it. */
final class ApiResponse {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    String contentType = HttpIo.JSON;
    byte[] body;
    int rows;
    boolean hasNextLink;
    /** For a write: the record it wrote, e.g. "leads(…)", which a $batch Content-ID reference resolves to. */
    String entityPath;

    ApiResponse(int status) {
        this.status = status;
    }

    static ApiResponse json(int status, byte[] body) {
        ApiResponse r = new ApiResponse(status);
        r.body = body;
        return r;
    }

    static ApiResponse error(DataverseError e) {
        ApiResponse r = new ApiResponse(e.status);
        r.headers.putAll(e.headers);
        if (e.status != 401) {
            r.body = ODataJson.error(e.code, e.getMessage());
        }
        return r;
    }

    ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
