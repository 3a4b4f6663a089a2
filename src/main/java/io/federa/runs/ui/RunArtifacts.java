package io.federa.runs.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.federa.identity.CurrentUser;
import io.federa.runs.Run;
import io.federa.runs.RunArtifact;
import io.federa.runs.Runs;
import java.util.List;
import java.util.Locale;

/** A run page's outputs: each file the job uploaded, to download or to register as a model. */
final class RunArtifacts extends Div {

    private final Runs runs;

    RunArtifacts(Runs runs) {
        this.runs = runs;
        setId("run-artifacts");
    }

    void show(CurrentUser me, Run run) {
        removeAll();
        List<RunArtifact> files = runs.artifacts(me, run.id());
        if (files.isEmpty()) {
            add(new Paragraph("None yet."));
        }
        for (RunArtifact a : files) {
            var link = new Anchor(
                    "api/runs/" + run.id() + "/artifacts/" + a.name(), a.name() + " (" + size(a.sizeBytes()) + ")");
            link.getElement().setAttribute("download", a.name());
            link.getElement().setAttribute("router-ignore", true);
            var row = new Div(
                    link,
                    new Span(" sha256 "
                            + a.sha256().substring(0, Math.min(12, a.sha256().length()))));
            var register = new Anchor("models?run=" + run.id() + "&artifact=" + a.name(), "Register as model");
            register.addClassName("run-register-model");
            row.add(new Span(" · "), register);
            row.addClassName("run-artifact");
            add(row);
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
