package io.federa.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.federa.models.ModelVersion;
import io.federa.shared.UserFacingException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Small pieces the module's pages share. */
final class Ui {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Ui() {}

    static String when(@Nullable Instant at) {
        return at == null ? "" : WHEN.format(at);
    }

    /** Runs {@code action}; an expected failure is shown in words where it happened. */
    static boolean attempt(Runnable action) {
        try {
            action.run();
            return true;
        } catch (UserFacingException e) {
            var n = Notification.show(e.userMessage(), 10000, Notification.Position.TOP_CENTER);
            n.addThemeVariants(NotificationVariant.LUMO_ERROR);
            return false;
        }
    }

    static Div line(String label, String value) {
        var l = new Span(label + ": ");
        l.getStyle().set("font-weight", "600");
        return new Div(l, new Span(value));
    }

    static String metrics(Map<String, Double> metrics) {
        return new TreeMap<>(metrics)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** A version's lineage as lines: where it came from and what it recorded. */
    static Component lineage(ModelVersion v) {
        var box = new Div();
        box.addClassName("model-lineage");
        box.add(line("Version", v.label() + " (" + v.format().kserveName() + ")"));
        if (v.runId() != null) {
            var run = new com.vaadin.flow.component.html.Anchor("runs/" + v.runId(), v.runId());
            run.addClassName("lineage-run");
            box.add(new Div(new Span("Run: "), run));
        } else {
            box.add(line("Source", "uploaded file"));
        }
        if (v.template() != null) {
            box.add(line("Template", v.template()));
        } else if (v.script() != null) {
            box.add(line("Script", v.script().lines().limit(3).collect(Collectors.joining(" ⏎ "))));
        }
        box.add(line("Parameters", new TreeMap<>(v.params()).toString()));
        box.add(line("Final metrics", metrics(v.metrics())));
        box.add(line("Cluster", v.cluster() == null ? "—" : v.cluster()));
        box.add(line("Git commit", v.gitCommit() == null ? "—" : v.gitCommit()));
        box.add(line("File", v.artifactName() + ", sha256 " + v.sha256()));
        if (!v.modelCard().isBlank()) {
            box.add(line("Model card", v.modelCard()));
        }
        if (!v.tags().isEmpty()) {
            box.add(line("Tags", new TreeMap<>(v.tags()).toString()));
        }
        box.add(line(
                "Registered",
                v.createdBy() + ", " + when(v.createdAt()) + (v.deleted() ? " — deleted " + when(v.deletedAt()) : "")));
        return box;
    }
}
