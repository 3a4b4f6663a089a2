package io.federa.models.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import io.federa.identity.CurrentUser;
import io.federa.models.ModelRegistry;
import io.federa.models.ModelVersion;
import io.federa.runs.Run;
import io.federa.runs.ui.RunPageSection;
import java.util.List;

/** Lineage from the run's side: the model versions registered from this run's files. */
@org.springframework.stereotype.Component
class RunModelsSection implements RunPageSection {

    private final ModelRegistry registry;

    RunModelsSection(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Component render(CurrentUser user, Run run) {
        var box = new Div();
        box.setId("run-models");
        box.add(new H3("Model versions made from this run"));
        List<ModelVersion> versions = registry.fromRun(user, run.id());
        if (versions.isEmpty()) {
            box.add(new Div("None. \"Register as model\" next to a file makes one."));
        }
        for (ModelVersion v : versions) {
            var link = new Anchor("models/" + v.modelId(), v.label() + " (" + v.artifactName() + ")");
            link.addClassName("run-model-version");
            box.add(new Div(link));
        }
        return box;
    }
}
