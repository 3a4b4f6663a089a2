package io.federa.runs.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.dom.Element;
import io.federa.identity.CurrentUser;
import io.federa.runs.RunFilter;
import io.federa.runs.RunStateChanged;
import io.federa.runs.RunSummary;
import io.federa.runs.Runs;
import io.federa.shared.LiveUpdates;
import io.federa.shared.ui.Badges;
import io.federa.shared.ui.LiveRefresh;
import io.federa.tenancy.TeamOverview;
import io.federa.tenancy.ui.DashboardSection;
import java.util.Comparator;
import java.util.List;

/**
 * "Recent runs" on the landing page: the newest {@value #SHOWN} runs of the user's teams (every team
 * is read through {@link Runs#list} with that team as the filter, so the service checks that the user
 * may act for it — a portal admin sees only the teams they are in here, not every team), each with its
 * state and a link to its page; states follow the clusters live. Reads the database only.
 */
@org.springframework.stereotype.Component
class RecentRunsSection implements DashboardSection {

    static final int SHOWN = 10;

    private final Runs runs;
    private final LiveUpdates liveUpdates;

    RecentRunsSection(Runs runs, LiveUpdates liveUpdates) {
        this.runs = runs;
        this.liveUpdates = liveUpdates;
    }

    @Override
    public int order() {
        return 110;
    }

    @Override
    public Component render(CurrentUser user, List<TeamOverview> teams) {
        return new Section(user, teams.stream().map(TeamOverview::name).toList());
    }

    private final class Section extends Div {

        private final CurrentUser user;
        private final List<String> teams;

        Section(CurrentUser user, List<String> teams) {
            this.user = user;
            this.teams = teams;
            setId("recent-runs");
            LiveRefresh.follow(this, liveUpdates, RunStateChanged.class, e -> teams.contains(e.team()), this::refresh);
            refresh();
        }

        private void refresh() {
            removeAll();
            add(new H3("Recent runs"));
            if (teams.isEmpty()) {
                add(new Paragraph("Runs belong to teams; your teams' runs appear here once you are in one."));
                return;
            }
            List<RunSummary> recent = teams.stream()
                    .flatMap(team -> runs.list(user, new RunFilter(team, null, null), 0, SHOWN).stream())
                    .sorted(Comparator.comparing(RunSummary::createdAt)
                            .reversed()
                            .thenComparing(RunSummary::id))
                    .limit(SHOWN)
                    .toList();
            if (recent.isEmpty()) {
                var none = new Paragraph("Your teams have no runs yet. ");
                none.add(new Anchor("runs/new", "Submit a run"));
                none.setId("recent-runs-none");
                add(none);
                return;
            }
            Element table = KeyValueTable.table(
                    "recent-runs-table", List.of("Run", "Name", "Team", "Cluster", "State", "Created"));
            for (RunSummary r : recent) {
                Element row = KeyValueTable.row("td", List.of("", r.jobName(), r.team(), r.cluster(), "", ""));
                row.setAttribute("data-run", r.id());
                var link = new Anchor("runs/" + r.id(), r.id());
                row.getChild(0).appendChild(link.getElement());
                row.getChild(4).appendChild(RunsView.stateCell(r).getElement());
                row.getChild(5).setText(Badges.time(r.createdAt()));
                table.appendChild(row);
            }
            var box = new Div();
            box.addClassName("kv-box");
            box.getElement().appendChild(table);
            add(box);
            add(new Anchor("runs", "All runs"));
        }
    }
}
