package io.dynsync.emulator;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server (keep-alive, chunked and fixed-length bodies, 100-continue) that hosts standard
 * {@link HttpHandler}s.
 *
 * <p>Why not {@code com.sun.net.httpserver.HttpServer}: its exchange always overwrites the {@code Date}
 * response header with the machine's time when headers are sent, and the sync reads {@code Date} as the
 * server's clock, which must be the emulator's (frozen or advanced) clock. The handlers only use the
 * {@link HttpExchange} API, so they can be mounted on a JDK {@code HttpServer}/{@code HttpsServer} unchanged
 * (with a wall-clock Date); TLS here is a matter of passing an {@code SSLServerSocket}.
 */
final class MiniHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MiniHttpServer.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int MAX_LINE = 64 * 1024;
    private static final int IDLE_TIMEOUT_MS = 120_000;
    /** Header names as the Web API spells them (com.sun Headers normalizes keys to "Odata-version"). */
    private static final Map<String, String> CANONICAL = new HashMap<>();

    static {
        for (String h : List.of("OData-Version", "OData-EntityId", "OData-MaxVersion", "WWW-Authenticate",
                "ETag", "Preference-Applied", "Retry-After", "Content-Type", "Content-Length", "Date",
                "Location", "Connection", "Transfer-Encoding")) {
            CANONICAL.put(h.toLowerCase(Locale.ROOT), h);
        }
    }

    private final ServerSocket serverSocket;
    private final Supplier<Instant> clock;
    private final Map<String, SimpleContext> contexts = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private volatile boolean closed;

    /** @param clock the time written into every response's Date header */
    MiniHttpServer(ServerSocket serverSocket, Supplier<Instant> clock) {
        this.serverSocket = serverSocket;
        this.clock = clock;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dataverse-emulator-http");
            t.setDaemon(true);
            return t;
        });
    }

    void createContext(String pathPrefix, HttpHandler handler) {
        contexts.put(pathPrefix, new SimpleContext(pathPrefix, handler));
    }

    void start() {
        Thread acceptor = new Thread(this::acceptLoop, "dataverse-emulator-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        workers.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = serverSocket.accept();
                open.add(s);
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accept failed", e);
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("cannot serve a connection", e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (!closed) {
                if (!serveOne(socket, in, out)) {
                    break;
                }
            }
        } catch (SocketTimeoutException | SocketException e) {
            // idle keep-alive connection timed out or the peer went away
        } catch (IOException e) {
            LOG.debug("connection ended", e);
        } finally {
            open.remove(socket);
        }
    }

    /** Reads and answers one request; false when the connection is to be closed. */
    private boolean serveOne(Socket socket, InputStream in, OutputStream out) throws IOException {
        String requestLine = readLine(in);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in);
        }
        if (requestLine == null) {
            return false;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
            writeSimple(out, 400, "Bad Request");
            return false;
        }
        Headers requestHeaders = new Headers();
        int total = 0;
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            total += line.length();
            int colon = line.indexOf(':');
            if (colon <= 0 || total > MAX_LINE) {
                writeSimple(out, 400, "Bad Request");
                return false;
            }
            requestHeaders.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        String protocol = parts[2];
        String connection = String.valueOf(requestHeaders.getFirst("Connection")).toLowerCase(Locale.ROOT);
        boolean keepAlive = protocol.equals("HTTP/1.1") ? !connection.contains("close")
                : connection.contains("keep-alive");
        InputStream body;
        String te = requestHeaders.getFirst("Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new ChunkedInput(in);
        } else {
            String cl = requestHeaders.getFirst("Content-Length");
            long length;
            try {
                length = cl == null ? 0 : Long.parseLong(cl.trim());
            } catch (NumberFormatException e) {
                writeSimple(out, 400, "Bad Request");
                return false;
            }
            body = new FixedInput(in, length);
        }
        if ("100-continue".equalsIgnoreCase(requestHeaders.getFirst("Expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        URI uri = toUri(parts[1]);
        SimpleContext context = contextFor(uri.getRawPath());
        Exchange ex = new Exchange(socket, parts[0], uri, protocol, requestHeaders, body, out, context, keepAlive);
        try {
            if (context == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                context.getHandler().handle(ex);
            }
        } catch (Exception e) {
            if (!ex.headersSent) {
                LOG.error("handler failed for {} {}", parts[0], parts[1], e);
                ex.getResponseHeaders().clear();
                ex.sendResponseHeaders(500, -1);
            } else {
                LOG.debug("handler failed after answering", e);
                ex.keepAlive = false;
            }
        }
        if (!ex.headersSent) {
            ex.sendResponseHeaders(500, -1);
        }
        ex.close();
        body.transferTo(OutputStream.nullOutputStream());
        return ex.keepAlive;
    }

    private SimpleContext contextFor(String path) {
        SimpleContext best = null;
        for (SimpleContext c : contexts.values()) {
            if (path.startsWith(c.getPath()) && (best == null || c.getPath().length() > best.getPath().length())) {
                best = c;
            }
        }
        return best;
    }

    /** Accepts origin-form and absolute-form targets and percent-encodes characters java.net.URI refuses. */
    static URI toUri(String target) {
        String t = target;
        int scheme = t.indexOf("://");
        if (scheme > 0 && scheme < 6) {
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        try {
            return new URI(t);
        } catch (URISyntaxException e) {
            StringBuilder b = new StringBuilder();
            for (byte x : t.getBytes(StandardCharsets.UTF_8)) {
                int c = x & 0xff;
                if (c > 32 && c < 127 && "[]{}|\\^`\"<>".indexOf(c) < 0) {
                    b.append((char) c);
                } else {
                    b.append('%').append(String.format("%02X", c));
                }
            }
            try {
                return new URI(b.toString());
            } catch (URISyntaxException e2) {
                return URI.create("/");
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (b.size() > MAX_LINE) {
                throw new IOException("line too long");
            }
            b.write(c);
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private void writeSimple(OutputStream out, int status, String reason) throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nDate: " + HTTP_DATE.format(clock.get())
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static String canonicalHeaderName(String name) {
        String known = CANONICAL.get(name.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        StringBuilder b = new StringBuilder(name.length());
        boolean up = true;
        for (char c : name.toCharArray()) {
            b.append(up ? Character.toUpperCase(c) : c);
            up = c == '-';
        }
        return b.toString();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 412 -> "Precondition Failed";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }

    /** One request/response on a connection, with the JDK server's sendResponseHeaders semantics. */
    private final class Exchange extends HttpExchange {
        private final Socket socket;
        private final String method;
        private final URI uri;
        private final String protocol;
        private final Headers requestHeaders;
        private final Headers responseHeaders = new Headers();
        private InputStream requestBody;
        private final OutputStream raw;
        private final SimpleContext context;
        private final Map<String, Object> attributes = new HashMap<>();
        private OutputStream body;
        private OutputStream wrappedBody;
        private int status = -1;
        private boolean headersSent;
        private boolean keepAlive;

        Exchange(Socket socket, String method, URI uri, String protocol, Headers requestHeaders,
                 InputStream requestBody, OutputStream raw, SimpleContext context, boolean keepAlive) {
            this.socket = socket;
            this.method = method;
            this.uri = uri;
            this.protocol = protocol;
            this.requestHeaders = requestHeaders;
            this.requestBody = requestBody;
            this.raw = raw;
            this.context = context;
            this.keepAlive = keepAlive;
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return context;
        }

        @Override
        public void close() {
            try {
                if (!headersSent) {
                    sendResponseHeaders(500, -1);
                }
                if (body != null) {
                    body.close();
                }
                raw.flush();
            } catch (IOException e) {
                keepAlive = false;
            }
        }

        @Override
        public InputStream getRequestBody() {
            return requestBody;
        }

        @Override
        public OutputStream getResponseBody() {
            if (wrappedBody != null) {
                return wrappedBody;
            }
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    target().write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    target().write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    target().flush();
                }

                @Override
                public void close() throws IOException {
                    if (body != null) {
                        body.close();
                    }
                }

                private OutputStream target() throws IOException {
                    if (body == null) {
                        throw new IOException("response headers not sent yet");
                    }
                    return body;
                }
            };
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
            if (headersSent) {
                throw new IOException("headers already sent");
            }
            headersSent = true;
            status = rCode;
            boolean noBodyStatus = rCode == 204 || rCode == 304 || rCode < 200;
            StringBuilder h = new StringBuilder(256);
            h.append("HTTP/1.1 ").append(rCode).append(' ').append(reason(rCode)).append("\r\n");
            if (!responseHeaders.containsKey("Date")) {
                responseHeaders.set("Date", HTTP_DATE.format(clock.get()));
            }
            responseHeaders.remove("Content-length");
            responseHeaders.remove("Transfer-encoding");
            if (method.equals("HEAD") || noBodyStatus || responseLength == -1) {
                if (!noBodyStatus) {
                    responseHeaders.set("Content-Length", "0");
                }
                body = new FixedOutput(raw, 0);
            } else if (responseLength == 0) {
                responseHeaders.set("Transfer-Encoding", "chunked");
                body = new ChunkedOutput(raw);
            } else {
                responseHeaders.set("Content-Length", Long.toString(responseLength));
                body = new FixedOutput(raw, responseLength);
            }
            if (!keepAlive) {
                responseHeaders.set("Connection", "close");
            }
            for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
                for (String v : e.getValue()) {
                    h.append(canonicalHeaderName(e.getKey())).append(": ").append(v).append("\r\n");
                }
            }
            h.append("\r\n");
            raw.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body instanceof FixedOutput f && f.remaining == 0) {
                raw.flush();
            }
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public String getProtocol() {
            return protocol;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            if (i != null) {
                requestBody = i;
            }
            if (o != null) {
                wrappedBody = o;
            }
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }

    private static final class SimpleContext extends HttpContext {
        private final String path;
        private HttpHandler handler;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private final List<Filter> filters = new ArrayList<>();
        private Authenticator authenticator;

        SimpleContext(String path, HttpHandler handler) {
            this.path = path;
            this.handler = handler;
        }

        @Override
        public HttpHandler getHandler() {
            return handler;
        }

        @Override
        public void setHandler(HttpHandler h) {
            handler = h;
        }

        @Override
        public String getPath() {
            return path;
        }

        @Override
        public HttpServer getServer() {
            return null;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public List<Filter> getFilters() {
            return filters;
        }

        @Override
        public Authenticator setAuthenticator(Authenticator auth) {
            Authenticator old = authenticator;
            authenticator = auth;
            return old;
        }

        @Override
        public Authenticator getAuthenticator() {
            return authenticator;
        }
    }

    /** Request body of known length; reading past it returns EOF without touching the next request. */
    private static final class FixedInput extends InputStream {
        private final InputStream in;
        private long remaining;

        FixedInput(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                remaining--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }

    private static final class ChunkedInput extends InputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new IOException("truncated chunked body");
                }
                int semi = sizeLine.indexOf(';');
                chunkLeft = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                if (chunkLeft == 0) {
                    for (String l = readLine(in); l != null && !l.isEmpty(); l = readLine(in)) {
                        // trailers are ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("truncated chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                readLine(in);
            }
            return n;
        }
    }

    private static final class FixedOutput extends OutputStream {
        private final OutputStream out;
        private long remaining;

        FixedOutput(OutputStream out, long length) {
            this.out = out;
            this.remaining = length;
        }

        @Override
        public void write(int b) throws IOException {
            if (remaining-- <= 0) {
                throw new IOException("too many bytes for Content-Length");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) {
                throw new IOException("too many bytes for Content-Length");
            }
            remaining -= len;
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class ChunkedOutput extends OutputStream {
        private final OutputStream out;
        private boolean closed;

        ChunkedOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
    }
}
