package io.federa.notebooks.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import io.federa.identity.CurrentUser;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookChanged;
import io.federa.notebooks.Notebooks;
import io.federa.shared.LiveUpdates;
import io.federa.shared.Roles;
import io.federa.shared.ui.LiveRefresh;
import io.federa.tenancy.TeamOverview;
import io.federa.tenancy.ui.DashboardSection;
import java.util.List;

/**
 * "My notebooks" on a data scientist's landing page: their own notebooks (never a team mate's, never
 * every notebook for an admin) with state and progress in words, and a link to open the ready ones.
 * Follows changes live; reads the database only.
 */
@org.springframework.stereotype.Component
class MyNotebooksSection implements DashboardSection {

    private final Notebooks notebooks;
    private final LiveUpdates liveUpdates;

    MyNotebooksSection(Notebooks notebooks, LiveUpdates liveUpdates) {
        this.notebooks = notebooks;
        this.liveUpdates = liveUpdates;
    }

    @Override
    public int order() {
        return 115;
    }

    @Override
    public boolean aboutTeams() {
        return false;
    }

    @Override
    public Component render(CurrentUser user, List<TeamOverview> teams) {
        return new Section(user);
    }

    private final class Section extends Div {

        private final CurrentUser user;

        Section(CurrentUser user) {
            this.user = user;
            setId("my-notebooks");
            LiveRefresh.follow(
                    this, liveUpdates, NotebookChanged.class, e -> e.owner().equals(user.username()), this::refresh);
            refresh();
        }

        private void refresh() {
            removeAll();
            if (!user.hasRole(Roles.DATA_SCIENTIST)) {
                setVisible(false);
                return;
            }
            add(new H3("My notebooks"));
            List<Notebook> mine = notebooks.visible(user).stream()
                    .filter(n -> n.owner().equals(user.username()))
                    .toList();
            if (mine.isEmpty()) {
                var none = new Paragraph("You have no notebooks. ");
                none.add(new Anchor("notebooks", "Start one"));
                none.setId("my-notebooks-none");
                add(none);
                return;
            }
            var list = new UnorderedList();
            for (Notebook n : mine) {
                var item = new ListItem();
                item.getElement().setAttribute("data-notebook", n.id());
                item.add(n.id() + " · " + n.where() + " · " + n.state().label()
                        + (n.reason().isEmpty() ? "" : " — " + n.reason()) + " ");
                if (n.state() == io.federa.notebooks.NotebookState.READY) {
                    var open = new Anchor("notebooks/" + n.id() + "/", "Open");
                    open.setTarget(com.vaadin.flow.component.html.AnchorTarget.BLANK);
                    item.add(open);
                }
                list.add(item);
            }
            add(list, new Anchor("notebooks", "All my notebooks"));
        }
    }
}
