package io.federa.runs.web;

import io.federa.runs.internal.ReportRefusedException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.util.unit.DataSize;

/**
 * Reads what jobs post with a byte limit fixed before anything is read, so a job cannot make the
 * portal hold more of a body than its endpoint takes (issue 19 item 5).
 */
final class ReportBodies {

    private ReportBodies() {}

    /**
     * The body, at most {@code limit} bytes: a declared {@code Content-Length} above it is refused
     * before a byte is read, and reading stops one byte past it (chunked bodies declare nothing).
     *
     * @throws ReportRefusedException {@link ReportRefusedException.Kind#TOO_LARGE} (413)
     */
    static byte[] read(HttpServletRequest request, DataSize limit, String what) throws IOException {
        long max = limit.toBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(what, declared, max);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (body.length > max) {
            throw tooLarge(what, -1, max);
        }
        return body;
    }

    /** The request's charset if it names a known one, else UTF-8. */
    static Charset charset(HttpServletRequest request) {
        String name = request.getCharacterEncoding();
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * The lines of {@code text} in one pass (split at {@code \n}, a {@code \r} before it dropped, one
     * last line break ignored), refused as soon as there are more than {@code max}.
     */
    static List<String> lines(String text, int max) {
        int end = text.endsWith("\r\n") ? text.length() - 2 : text.endsWith("\n") ? text.length() - 1 : text.length();
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (true) {
            int nl = text.indexOf('\n', start);
            int stop = nl < 0 || nl > end ? end : nl;
            if (lines.size() == max) {
                throw tooLarge("A request may carry at most " + max + " log lines; send them in batches.");
            }
            lines.add(text.substring(start, stop > start && text.charAt(stop - 1) == '\r' ? stop - 1 : stop));
            if (stop == end) {
                return lines;
            }
            start = stop + 1;
        }
    }

    static ReportRefusedException tooLarge(String message) {
        return new ReportRefusedException(message, ReportRefusedException.Kind.TOO_LARGE);
    }

    static ReportRefusedException invalid(String message) {
        return new ReportRefusedException(message, ReportRefusedException.Kind.INVALID);
    }

    private static ReportRefusedException tooLarge(String what, long declared, long max) {
        return tooLarge("A request with " + what + " may have at most " + String.format(Locale.ROOT, "%,d", max)
                + " bytes" + (declared >= 0 ? String.format(Locale.ROOT, ", this one announces %,d", declared) : "")
                + " (federa.runs.max-request-size); send them in smaller batches.");
    }
}
