package io.federa.notebooks.internal.proxy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An output stream that replaces byte strings on the way through, holding back at most one pattern's
 * length so that a pattern split across writes is still found. The proxy uses it to mask the upstream
 * token in every body it streams, and to map Jupyter's base path to the browser's prefix in HTML.
 */
final class Replacing extends FilterOutputStream {

    private final byte[][] patterns;
    private final byte[][] replacements;
    private byte[] pending = new byte[0];

    /** {@code replacements}: pattern → replacement, tried in this order at each position. */
    Replacing(OutputStream out, Map<String, String> replacements) {
        super(out);
        var ordered = new LinkedHashMap<>(replacements);
        ordered.keySet().removeIf(String::isEmpty);
        this.patterns = new byte[ordered.size()][];
        this.replacements = new byte[ordered.size()][];
        int i = 0;
        for (var e : ordered.entrySet()) {
            patterns[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
            this.replacements[i] = e.getValue().getBytes(StandardCharsets.UTF_8);
            i++;
        }
    }

    /** The token masked by stars of the same length: a body's Content-Length stays right. */
    static String mask(String token) {
        return "*".repeat(token.getBytes(StandardCharsets.UTF_8).length);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        byte[] buf;
        if (pending.length == 0) {
            buf = b;
        } else {
            buf = Arrays.copyOf(pending, pending.length + len);
            System.arraycopy(b, off, buf, pending.length, len);
            off = 0;
        }
        int end = pending.length == 0 ? off + len : buf.length;
        int start = off;
        int i = off;
        scan:
        while (i < end) {
            byte first = buf[i];
            for (int p = 0; p < patterns.length; p++) {
                byte[] pattern = patterns[p];
                if (pattern[0] != first) {
                    continue;
                }
                int n = Math.min(pattern.length, end - i);
                if (Arrays.equals(buf, i, i + n, pattern, 0, n)) {
                    if (n < pattern.length) {
                        break scan; // a pattern may go on in the next write: hold it back
                    }
                    out.write(buf, start, i - start);
                    out.write(replacements[p]);
                    i += pattern.length;
                    start = i;
                    continue scan;
                }
            }
            i++;
        }
        out.write(buf, start, i - start);
        pending = Arrays.copyOfRange(buf, i, end);
    }

    /**
     * Writes what was held back (it cannot become a pattern any more). No write and no flush when
     * nothing is held back: a servlet response whose Content-Length is reached is already closed.
     */
    void finish() throws IOException {
        if (pending.length > 0) {
            out.write(pending);
            pending = new byte[0];
        }
    }

    @Override
    public void close() throws IOException {
        finish();
        super.close();
    }
}
