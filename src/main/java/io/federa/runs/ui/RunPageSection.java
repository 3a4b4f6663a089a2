package io.federa.runs.ui;

import com.vaadin.flow.component.Component;
import io.federa.identity.CurrentUser;
import io.federa.runs.Run;
import org.springframework.modulith.NamedInterface;

/**
 * A part of a run's page contributed by a module that builds on runs (the model versions registered
 * from the run's files): a Spring bean; the run page renders every such bean below the run's outputs.
 * The run is one {@code user} may see; the section checks its own data's access.
 */
@NamedInterface("run-page")
public interface RunPageSection {

    Component render(CurrentUser user, Run run);
}
