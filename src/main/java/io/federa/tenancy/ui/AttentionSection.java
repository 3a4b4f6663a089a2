package io.federa.tenancy.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.federa.identity.CurrentUser;
import io.federa.shared.Attention;
import io.federa.shared.AttentionSource;
import io.federa.tenancy.TeamOverview;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;

/**
 * "Needs attention", the top of a portal admin's landing page: what every module reports through
 * {@link AttentionSource} (clusters down or degraded, drift, failed quota pushes, lost runs), each with
 * a link to the page where it is fixed, or a sentence that all is well. Nothing for anyone else: the
 * items are portal-wide (and each source refuses non-admins as well).
 */
@org.springframework.stereotype.Component
class AttentionSection implements DashboardSection {

    private final ObjectProvider<AttentionSource> sources;

    AttentionSection(ObjectProvider<AttentionSource> sources) {
        this.sources = sources;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public boolean aboutTeams() {
        return false;
    }

    @Override
    public Component render(CurrentUser user, List<TeamOverview> teams) {
        if (!user.isPortalAdmin()) {
            return nothing();
        }
        var section = new Div();
        section.setId("attention");
        fill(section);
        return section;
    }

    private void fill(Div section) {
        section.removeAll();
        section.add(new H3("Needs attention"));
        List<Attention> items =
                sources.orderedStream().flatMap(s -> s.attention().stream()).toList();
        if (items.isEmpty()) {
            var none = new Paragraph("Nothing needs your attention: every enabled cluster answers, Slurm accounting "
                    + "matches the portal, every quota is in Slurm, and no run was lost in the last day.");
            none.setId("attention-none");
            section.add(none);
        }
        var list = new Div();
        list.addClassName("attention-items");
        for (Attention a : items) {
            var item = new Div();
            item.addClassNames("federa-card", "attention-item");
            item.getElement().setAttribute("data-kind", a.kind());
            item.getElement().setAttribute("data-subject", a.subject());
            var what = new Span(a.what());
            what.addClassName("attention-what");
            item.add(what, new Span(" "));
            var fix = new Anchor(a.fixRoute(), a.fixLabel());
            fix.addClassName("attention-fix");
            item.add(fix);
            list.add(item);
        }
        section.add(list);
        var again = new Button("Check again", e -> fill(section));
        again.setId("attention-refresh");
        section.add(again);
    }

    /** An empty, hidden placeholder: takes no room in the page's layout. */
    static Div nothing() {
        var none = new Div();
        none.setVisible(false);
        return none;
    }
}
