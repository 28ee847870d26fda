package io.pgward.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A minimal HTTP/1.1 client on one socket, reused as long as the server keeps it alive. */
final class RawHttp implements Closeable {

    private final int port;
    private Socket s;
    private InputStream in;
    private OutputStream out;
    /** TCP connections opened so far; reset it to count from a point on. */
    int connects;

    RawHttp(int port) {
        this.port = port;
    }

    /** GET path; the status code. A kept-alive connection the server closed meanwhile is reopened once. */
    int get(String path) throws IOException {
        byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; ; attempt++) {
            boolean fresh = false;
            if (s == null) {
                s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(10000);
                in = new BufferedInputStream(s.getInputStream());
                out = s.getOutputStream();
                connects++;
                fresh = true;
            }
            try {
                out.write(req);
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                if (fresh || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int ch;
        while ((ch = in.read()) != -1) {
            if (ch == '\n') {
                break;
            }
            if (ch != '\r') {
                b.write(ch);
            }
        }
        if (ch == -1 && b.size() == 0) {
            throw new EOFException("connection closed");
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private int readResponse() throws IOException {
        String status = line();
        String[] parts = status.split(" ");
        int code = Integer.parseInt(parts[1]);
        boolean http11 = parts[0].endsWith("1.1");
        long length = -1;
        String connection = "";
        String h;
        while (!(h = line()).isEmpty()) {
            int colon = h.indexOf(':');
            String k = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String v = h.substring(colon + 1).trim();
            if (k.equals("content-length")) {
                length = Long.parseLong(v);
            } else if (k.equals("connection")) {
                connection = v.toLowerCase(Locale.ROOT);
            }
        }
        if (length >= 0) {
            in.readNBytes((int) length);
        } else {
            in.readAllBytes();
            close();
            return code;
        }
        boolean keep = http11 ? !connection.contains("close") : connection.contains("keep-alive");
        if (!keep) {
            close();
        }
        return code;
    }

    @Override
    public void close() {
        Quietly.close(s);
        s = null;
    }
}
