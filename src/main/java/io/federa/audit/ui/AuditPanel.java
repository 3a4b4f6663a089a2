package io.federa.audit.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.audit.AuditQuery;
import io.federa.shared.AuditRecord.Outcome;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The audit log's lazy grid with its filters and the detail of an entry. Entries come in pages of
 * 100 through keyset paging (seq), so scrolling deep into millions of entries never makes the
 * database count or skip rows; see {@link KeysetPages}.
 */
class AuditPanel extends VerticalLayout {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Grid<AuditEntry> grid = new Grid<>();
    private final TextField actor = new TextField("Who");
    private final TextField team = new TextField("Team");
    private final TextField action = new TextField("Action");
    private final TextField resource = new TextField("Resource type");
    private final TextField resourceId = new TextField("Resource");
    private final Select<Outcome> outcome = new Select<>();
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("To (UTC)");
    private KeysetPages pages;

    AuditPanel(AuditLog log) {
        setPadding(false);
        setSizeFull();
        var filters = new HorizontalLayout();
        filters.addClassName("federa-filters");
        filters.setWrap(true);
        int i = 0;
        for (TextField f : List.of(actor, team, action, resource, resourceId)) {
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.setClearButtonVisible(true);
            f.setId("audit-filter-"
                    + List.of("actor", "team", "action", "resource-type", "resource")
                            .get(i++));
            f.addValueChangeListener(e -> refresh());
            filters.add(f);
        }
        action.setPlaceholder("e.g. cluster. or quota.set");
        outcome.setId("audit-filter-outcome");
        outcome.setLabel("Outcome");
        outcome.setItems(Outcome.values());
        outcome.setEmptySelectionAllowed(true);
        outcome.setEmptySelectionCaption("any");
        outcome.addValueChangeListener(e -> refresh());
        from.setId("audit-filter-from");
        to.setId("audit-filter-to");
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        filters.add(outcome, from, to);
        add(filters);

        grid.setId("audit-grid");
        grid.addColumn(AuditEntry::seq).setHeader("#").setAutoWidth(true);
        grid.addColumn(e -> TIME.format(e.occurredAt())).setHeader("When (UTC)").setAutoWidth(true);
        grid.addColumn(e -> e.actor().describe()).setHeader("Who").setAutoWidth(true);
        grid.addColumn(e -> nullToEmpty(e.actor().clientAddress()))
                .setHeader("From")
                .setAutoWidth(true);
        grid.addColumn(AuditEntry::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(e -> e.resourceType() + " " + e.resourceId())
                .setHeader("Resource")
                .setFlexGrow(1);
        grid.addColumn(e -> nullToEmpty(e.team())).setHeader("Team").setAutoWidth(true);
        grid.addComponentColumn(AuditPanel::outcomeCell).setHeader("Outcome").setAutoWidth(true);
        grid.addItemClickListener(e -> detail(e.getItem()).open());
        pages = new KeysetPages((before, limit) -> log.page(query(), before, limit));
        grid.setItems(q -> pages.fetch(q.getOffset(), q.getLimit()));
        grid.setSizeFull();
        add(grid);
        setFlexGrow(1, grid);
    }

    private void refresh() {
        pages.reset();
        grid.getDataProvider().refreshAll();
    }

    AuditQuery query() {
        return new AuditQuery(
                actor.getValue(),
                team.getValue(),
                action.getValue(),
                resource.getValue(),
                resourceId.getValue(),
                outcome.getValue(),
                from.getValue() == null ? null : from.getValue().atStartOfDay().toInstant(ZoneOffset.UTC),
                to.getValue() == null
                        ? null
                        : to.getValue().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    @Nullable
    LocalDate fromDate() {
        return from.getValue();
    }

    @Nullable
    LocalDate toDate() {
        return to.getValue();
    }

    private static Span outcomeCell(AuditEntry e) {
        var badge = new Span(e.outcome().name());
        badge.addClassNames("state-badge", "outcome-" + e.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (e.reason() != null) {
            badge.getElement().setAttribute("title", e.reason());
        }
        return badge;
    }

    static Dialog detail(AuditEntry e) {
        var d = new Dialog();
        d.setHeaderTitle("Audit entry " + e.seq());
        d.setWidth("56em");
        var body = new Div();
        body.setId("audit-detail");
        body.add(line("When", TIME.format(e.occurredAt()) + " UTC (recorded " + TIME.format(e.recordedAt()) + ")"));
        body.add(line("Who", e.actor().describe() + " [" + e.actor().kind() + "]"));
        body.add(line(
                "From",
                nullToEmpty(e.actor().clientAddress()) + " "
                        + nullToEmpty(e.actor().userAgent())));
        body.add(line(
                "What",
                e.action() + " on " + e.resourceType() + " " + e.resourceId()
                        + (e.team() == null ? "" : " (team " + e.team() + ")")));
        body.add(line("Outcome", e.outcome() + (e.reason() == null ? "" : ": " + e.reason())));
        body.add(new H3("Before"), table(e.before()), new H3("After"), table(e.after()));
        body.add(line("Event id", e.eventId().toString()));
        body.add(line("Previous hash", e.prevHash()));
        body.add(line("Hash", e.hash()));
        d.add(body);
        d.getFooter().add(new Button("Close", ev -> d.close()));
        return d;
    }

    private static Pre table(Map<String, String> values) {
        var text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        return new Pre(values.isEmpty() ? "—" : text.toString());
    }

    private static Div line(String label, String value) {
        var l = new Span(label + ": ");
        l.addClassName("label");
        return new Div(l, new Span(value));
    }

    private static String nullToEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }

    /**
     * Turns the grid's offset/limit requests into keyset pages of {@value #PAGE}: the seq at the end
     * of each page is remembered, so page n+1 starts after it ({@code seq < boundary}); a page past
     * the known ones is reached page by page from the last known boundary (the grid asks in order as
     * one scrolls). Only the boundaries and the last few pages are kept in memory.
     */
    static final class KeysetPages {

        interface Source {
            List<AuditEntry> page(@Nullable Long beforeSeq, int limit);
        }

        static final int PAGE = 100;
        private static final int CACHED_PAGES = 20;

        private final Source source;
        private final java.util.List<Long> lastSeqOfPage = new java.util.ArrayList<>();
        private final java.util.LinkedHashMap<Integer, List<AuditEntry>> cache =
                new java.util.LinkedHashMap<>(32, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Integer, List<AuditEntry>> eldest) {
                        return size() > CACHED_PAGES;
                    }
                };
        private int lastPage = Integer.MAX_VALUE;

        KeysetPages(Source source) {
            this.source = source;
        }

        void reset() {
            lastSeqOfPage.clear();
            cache.clear();
            lastPage = Integer.MAX_VALUE;
        }

        Stream<AuditEntry> fetch(int offset, int limit) {
            var out = new java.util.ArrayList<AuditEntry>(limit);
            for (int p = offset / PAGE; p <= (offset + limit - 1) / PAGE && p <= lastPage; p++) {
                List<AuditEntry> page = page(p);
                int start = p * PAGE;
                for (int i = 0; i < page.size(); i++) {
                    if (start + i >= offset && start + i < offset + limit) {
                        out.add(page.get(i));
                    }
                }
            }
            return out.stream();
        }

        private List<AuditEntry> page(int p) {
            List<AuditEntry> cached = cache.get(p);
            if (cached != null) {
                return cached;
            }
            for (int known = lastSeqOfPage.size(); known < p; known++) {
                if (page(known).isEmpty()) {
                    return List.of();
                }
            }
            List<AuditEntry> page = source.page(p == 0 ? null : lastSeqOfPage.get(p - 1), PAGE);
            if (page.size() < PAGE) {
                lastPage = p;
            }
            if (!page.isEmpty() && lastSeqOfPage.size() == p) {
                lastSeqOfPage.add(page.getLast().seq());
            }
            cache.put(p, page);
            return page;
        }
    }
}
