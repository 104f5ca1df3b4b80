package io.cilicensing.batch;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A full-duplex HTTP/1.1 client over a plain socket: the request body is sent in chunks, piece
 * by piece, while the answer is read. What a streaming NDJSON client does; the JDK clients send
 * the whole body before they read.
 */
final class NdjsonConnection implements Closeable {
    private final Socket socket;
    private final OutputStream out;
    private final BufferedInputStream in;
    private int status;
    private final Map<String, String> headers = new HashMap<>();
    private BufferedReader body;

    private NdjsonConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Opens the connection and sends the request head; {@code extraHeaders} are full header lines. */
    static NdjsonConnection post(int port, String path, String... extraHeaders) throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout(30_000);
        NdjsonConnection c = new NdjsonConnection(socket);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n");
        for (String h : extraHeaders) {
            head.append(h).append("\r\n");
        }
        head.append("\r\n");
        c.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
        return c;
    }

    /** Sends {@code text} as one chunk of the request body. */
    void send(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Ends the request body. */
    void finish() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    int status() throws IOException {
        readHead();
        return status;
    }

    String header(String name) throws IOException {
        readHead();
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next line of the answer's body, or null at its end. */
    String readLine() throws IOException {
        readHead();
        return body.readLine();
    }

    private void readHead() throws IOException {
        if (body != null) {
            return;
        }
        String statusLine = asciiLine();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String line = asciiLine(); !line.isEmpty(); line = asciiLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        InputStream content = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in) : in;
        body = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
    }

    private String asciiLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed in the answer's head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Decodes a chunked body. */
    private final class Chunked extends InputStream {
        private final InputStream raw;
        private long left;
        private boolean done;

        Chunked(InputStream raw) {
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = asciiLine();
                int semicolon = size.indexOf(';');
                left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = raw.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                asciiLine(); // the CRLF after the chunk
            }
            return n;
        }
    }
}
