package io.federa.quota.ui;

import io.federa.quota.InvalidQuotaException;
import io.federa.quota.QosPushStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** How limits are typed in and shown on the quota pages. */
final class Limits {

    private static final Pattern WHOLE = Pattern.compile("\\d{1,9}");
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Limits() {}

    /**
     * A limit as typed: empty is "no limit" (null), else a whole number of 0 or more.
     *
     * @throws InvalidQuotaException naming the field, when the text is neither
     */
    static @Nullable Integer parse(String field, @Nullable String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (!WHOLE.matcher(t).matches()) {
            throw new InvalidQuotaException(field + ": enter a whole number of 0 or more (like 8), or leave it "
                    + "empty for no limit; \"" + t + "\" is not one.");
        }
        return Integer.valueOf(t);
    }

    static String text(@Nullable Integer limit) {
        return limit == null ? "" : limit.toString();
    }

    static String limit(@Nullable Integer limit) {
        return limit == null ? "no limit" : limit.toString();
    }

    /** "3 of 8" or "3 (no limit)". */
    static String used(int inUse, @Nullable Integer limit) {
        return limit == null ? inUse + " (no limit)" : inUse + " of " + limit;
    }

    static String time(@Nullable Instant t) {
        return t == null ? "never" : TIME.format(t);
    }

    /** The QOS push in a few words. */
    static String push(QosPushStatus p) {
        if (p.lastError() != null) {
            return "not in Slurm: " + p.lastError() + " (last try " + time(p.lastAttemptAt()) + "; retried by itself)";
        }
        if (p.pending()) {
            return "waiting to be pushed";
        }
        return "pushed " + time(p.pushedAt());
    }
}
