package io.federa.shared.ui;

import com.vaadin.flow.component.html.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Small pieces the cluster pages share (Slurm and Kubernetes clusters look alike). */
public final class Badges {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Badges() {}

    /** A coloured state label ({@code state-up}, {@code state-down} ... in federa.css); null means disabled. */
    public static Span state(@Nullable Enum<?> state) {
        String text = state == null ? "DISABLED" : state.name();
        var badge = new Span(text);
        badge.addClassNames("state-badge", "state-" + text.toLowerCase(Locale.ROOT));
        return badge;
    }

    /** A moment as the pages show it: UTC, to the second; blank for none. */
    public static String time(@Nullable Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** "12 s ago", "3 min ago", "2 h ago", or "never". */
    public static String ago(Clock clock, @Nullable Instant when) {
        if (when == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(when, clock.instant()).toSeconds());
        return s < 90 ? s + " s ago" : s < 5400 ? (s / 60) + " min ago" : (s / 3600) + " h ago";
    }
}
