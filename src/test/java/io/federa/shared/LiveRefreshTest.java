package io.federa.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.server.Command;
import io.federa.shared.ui.LiveRefresh;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link LiveRefresh} in this package, where the test can publish as the portal does. */
class LiveRefreshTest {

    record Changed(String team) implements LiveUpdate {}

    record Other() implements LiveUpdate {}

    /** A UI that runs what is scheduled at once (no session, no push). */
    static final class ImmediateUi extends UI {
        @Override
        public Future<Void> access(Command command) {
            command.execute();
            return CompletableFuture.completedFuture(null);
        }
    }

    final LiveUpdates updates = new LiveUpdates();
    final List<String> refreshed = new ArrayList<>();
    final Div section = new Div();

    @Test
    void an_attached_component_refreshes_on_the_events_that_concern_it_and_stops_when_detached() {
        LiveRefresh.follow(section, updates, Changed.class, e -> e.team().equals("team-a"), () -> refreshed.add("r"));

        updates.on(new Changed("team-a"));
        assertThat(refreshed).as("not attached yet: nothing follows").isEmpty();

        var ui = new ImmediateUi();
        ui.add(section);
        updates.on(new Changed("team-a"));
        updates.on(new Changed("team-b"));
        updates.on(new Other());
        assertThat(refreshed).as("only team-a's change concerns it").hasSize(1);

        ui.remove(section);
        updates.on(new Changed("team-a"));
        assertThat(refreshed).as("detached: the subscription is closed").hasSize(1);

        ui.add(section);
        updates.on(new Changed("team-a"));
        assertThat(refreshed).as("attached again: follows once, not twice").hasSize(2);
    }
}
