package io.cilicensing.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests the JDK client will not send (any method, any
 * header, a negative Content-Length, an invalid request line, bytes a URI may not hold): the
 * request is sent exactly as given, then the answer is read to the connection's end.
 */
public final class RawHttp {
    /** {@link Answer#status()} of an answer without a head (HTTP/0.9: the body only). */
    public static final int NO_HEAD = 0;
    /** {@link Answer#status()} when the server closed the connection without answering. */
    public static final int NO_ANSWER = -1;

    /**
     * An answer: status, headers (names lower-cased), body (de-chunked). Interim 1xx answers
     * (100 Continue) are skipped.
     */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {}

    /** A request head: the request line, {@code Host}, the given header lines, {@code Connection: close}. */
    public static byte[] head(String method, String target, String... headerLines) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headerLines) {
            head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A request with a body and its Content-Length; {@code headerLines} are full lines ("Name: value"). */
    public static byte[] request(String method, String target, byte[] body, String... headerLines) {
        String[] lines = new String[headerLines.length + 1];
        System.arraycopy(headerLines, 0, lines, 0, headerLines.length);
        lines[headerLines.length] = "Content-Length: " + body.length;
        return concat(head(method, target, lines), body);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Sends {@code request} as is, half-closes the connection, and reads the whole answer. */
    public static Answer send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (SocketException e) {
                // the server answered and closed before taking the whole request: read what it said
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketException e) {
            // connection reset after the answer: keep what arrived
        }
        return all.toByteArray();
    }

    static Answer parse(byte[] raw) {
        if (raw.length == 0) {
            return new Answer(NO_ANSWER, Map.of(), raw);
        }
        if (!new String(raw, 0, Math.min(raw.length, 5), StandardCharsets.ISO_8859_1).equals("HTTP/")) {
            return new Answer(NO_HEAD, Map.of(), raw);
        }
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new IllegalStateException("no complete answer head in " + raw.length + " bytes: "
                    + new String(raw, StandardCharsets.ISO_8859_1));
        }
        if (raw.length > 9 && raw[9] == '1') { // an interim answer: the real one follows
            return parse(java.util.Arrays.copyOfRange(raw, end + 4, raw.length));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.contains("chunked")) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, pos);
            String sizeText = new String(chunked, pos, lineEnd - pos, StandardCharsets.US_ASCII).split(";")[0].strip();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
