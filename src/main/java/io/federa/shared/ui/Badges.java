package io.federa.shared.ui;

import com.vaadin.flow.component.html.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Small pieces the cluster pages share (Slurm and Kubernetes clusters look alike). */
public final class Badges {

    private Badges() {}

    /** A coloured state label ({@code state-up}, {@code state-down} ... in federa.css); null means disabled. */
    public static Span state(@Nullable Enum<?> state) {
        String text = state == null ? "DISABLED" : state.name();
        var badge = new Span(text);
        badge.addClassNames("state-badge", "state-" + text.toLowerCase(Locale.ROOT));
        return badge;
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
