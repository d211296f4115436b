package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    @Test
    void boundaryParameterQuotedOrNot() {
        assertThat(MultipartReader.boundaryOf("multipart/mixed; boundary=\"batch_1\"")).isEqualTo("batch_1");
        assertThat(MultipartReader.boundaryOf("multipart/mixed;boundary=dwa_batch_x")).isEqualTo("dwa_batch_x");
        assertThat(MultipartReader.boundaryOf("Multipart/Mixed; charset=utf-8; Boundary=b")).isEqualTo("b");
        assertThat(MultipartReader.boundaryOf("application/json")).isNull();
        assertThat(MultipartReader.boundaryOf("multipart/mixed")).isNull();
        assertThat(MultipartReader.boundaryOf(null)).isNull();
    }

    @Test
    void partsIgnorePreambleAndEpilogueAndKeepContentExact() {
        String body = "preamble\r\n--b\r\nContent-Type: a/b\r\nX-One:1\r\n\r\nline 1\r\n\r\nline 3\r\n--b  \r\n"
                + "Content-Type: c/d\r\n\r\n\r\n--b--\r\nepilogue\r\n--b\r\nignored\r\n";
        List<MultipartReader.Part> parts = MultipartReader.parts(body, "b");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).header("content-type")).isEqualTo("a/b");
        assertThat(parts.get(0).header("X-ONE")).isEqualTo("1");
        assertThat(parts.get(0).content()).isEqualTo("line 1\r\n\r\nline 3");
        assertThat(parts.get(1).content()).isEmpty();
        // a delimiter-like line with a longer boundary is content, not a delimiter
        assertThat(MultipartReader.parts("--b\r\n\r\n--bb\r\n--b--", "b").get(0).content()).isEqualTo("--bb");
    }

    @Test
    void bareLineFeedsAreReadAsLineBreaks() {
        List<MultipartReader.Part> parts = MultipartReader.parts("--b\nContent-Type: x\n\nhello\nworld\n--b--\n", "b");
        assertThat(parts.get(0).content()).isEqualTo("hello\r\nworld");
    }

    @Test
    void missingCloseDelimiterAndBadHeadersAreRejected() {
        assertThatThrownBy(() -> MultipartReader.parts("--b\r\nContent-Type: x\r\n\r\nbody\r\n", "b"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("--b--");
        assertThatThrownBy(() -> MultipartReader.parts("--b\r\nno colon here\r\n\r\n--b--", "b"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("'no colon here' is invalid");
        assertThatThrownBy(() -> MultipartReader.parts("--b\r\nA: 1\r\na: 2\r\n\r\n--b--", "b"))
                .isInstanceOf(DataverseError.class).hasMessageContaining("specified multiple times");
    }

    @Test
    void embeddedRequestsAndResponses() {
        EmbeddedHttp.Request r = EmbeddedHttp.parseRequest("\r\nPATCH /api/data/v9.2/leads(1)?$select=a b HTTP/1.1\r\n"
                + "If-Match: W/\"5\"\r\nPrefer: return=representation\r\n\r\n{\"x\":1}\r\n\r\n");
        assertThat(r.method()).isEqualTo("PATCH");
        assertThat(r.url()).isEqualTo("/api/data/v9.2/leads(1)?$select=a b");
        assertThat(r.headers().get("If-Match")).containsExactly("W/\"5\"");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
        assertThatThrownBy(() -> EmbeddedHttp.parseRequest("GET /leads\r\n\r\n")).isInstanceOf(DataverseError.class);
        assertThatThrownBy(() -> EmbeddedHttp.parseRequest("GET /leads HTTP/2\r\n\r\n")).isInstanceOf(DataverseError.class);

        ApiResponse created = new ApiResponse(204).header("OData-EntityId", "http://x/api/data/v9.2/leads(1)")
                .header("ETag", "W/\"7\"").header("OData-Version", "4.0");
        assertThat(new String(EmbeddedHttp.response(created), StandardCharsets.UTF_8)).isEqualTo("HTTP/1.1 204 No Content\r\n"
                + "OData-Version: 4.0\r\nLocation: http://x/api/data/v9.2/leads(1)\r\n"
                + "OData-EntityId: http://x/api/data/v9.2/leads(1)\r\nETag: W/\"7\"\r\n\r\n");
        ApiResponse json = ApiResponse.json(200, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(EmbeddedHttp.response(json), StandardCharsets.UTF_8)).isEqualTo("HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n{}");
    }
}
