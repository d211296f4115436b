package io.dynsync.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds a {@code multipart/mixed} body with CRLF line ends, in the layout of Dataverse's batch responses. */
final class MultipartWriter {
    private final String boundary;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

    MultipartWriter(String boundary) {
        this.boundary = boundary;
    }

    String boundary() {
        return boundary;
    }

    /** One part: "--boundary", its headers as name/value pairs, a blank line, the content. */
    MultipartWriter part(List<String[]> headers, byte[] content) {
        text("--" + boundary + "\r\n");
        for (String[] h : headers) {
            text(h[0] + ": " + h[1] + "\r\n");
        }
        text("\r\n");
        out.writeBytes(content);
        text("\r\n"); // belongs to the next delimiter
        return this;
    }

    /** The complete body, ending with the close delimiter and a line break. */
    byte[] finish() {
        text("--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    /**
     * The body for nesting as another multipart's part (a change set in a batch): no line break after the close
     * delimiter, since the enclosing part adds the one that precedes its next delimiter.
     */
    byte[] finishNested() {
        text("--" + boundary + "--");
        return out.toByteArray();
    }

    private void text(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
