package io.federa.mirror.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.federa.clusters.JobState;
import io.federa.identity.CurrentUsers;
import io.federa.mirror.JobMirror;
import io.federa.mirror.MirroredJob;
import io.federa.mirror.WhyItWaits;
import jakarta.annotation.security.PermitAll;
import java.util.Optional;

/** One mirrored job. A job the user may not see looks exactly like one that does not exist. */
@Route("jobs/:cluster/:jobId")
@PageTitle("Job · Federa")
@PermitAll
class JobView extends VerticalLayout implements BeforeEnterObserver {

    private final JobMirror mirror;
    private final CurrentUsers currentUsers;
    private final WhyItWaits whyItWaits;

    JobView(JobMirror mirror, CurrentUsers currentUsers, WhyItWaits whyItWaits) {
        this.mirror = mirror;
        this.currentUsers = currentUsers;
        this.whyItWaits = whyItWaits;
        addClassName("federa-page");
        setId("job");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        String cluster = event.getRouteParameters().get("cluster").orElse("");
        Optional<MirroredJob> job = event.getRouteParameters()
                .get("jobId")
                .filter(id -> id.matches("[0-9]{1,18}"))
                .flatMap(id -> mirror.find(currentUsers.require(), cluster, Long.parseLong(id)));
        if (job.isEmpty()) {
            add(new H2("No such job"));
            add(new Paragraph("There is no job with that id on that cluster that you may see."));
            add(new Anchor("jobs", "All jobs"));
            return;
        }
        MirroredJob j = job.get();
        add(new H2(j.name() + " · " + j.cluster() + " job " + j.jobId()));
        var facts = new Div();
        facts.addClassName("federa-card");
        facts.add(line("State", j.state() + (j.stateFlags().isBlank() ? "" : " (" + j.stateFlags() + ")")));
        if (j.state() == JobState.PENDING) {
            var why = line("Why it waits", whyItWaits.explain(j));
            why.setId("why-it-waits");
            facts.add(why);
        } else if (!j.stateReason().isBlank() && !"None".equals(j.stateReason())) {
            facts.add(line("Reason", j.stateReason()));
        }
        facts.add(line("User", j.user()));
        facts.add(line("Account", j.account()));
        facts.add(line("Partition", j.partition()));
        facts.add(line("CPUs", String.valueOf(j.cpus())));
        facts.add(line("Nodes", j.nodes().isBlank() ? "–" : j.nodes()));
        facts.add(line("Submitted", JobsView.time(j.submitTime())));
        facts.add(line("Started", j.startTime() == null ? "not yet" : JobsView.time(j.startTime())));
        facts.add(line("Ended", j.endTime() == null ? "not yet" : JobsView.time(j.endTime())));
        facts.add(line("Time limit", j.timeLimitMinutes() == null ? "unlimited" : j.timeLimitMinutes() + " min"));
        if (j.exitCode() != null) {
            facts.add(line("Exit code", String.valueOf(j.exitCode())));
        }
        add(facts);
        add(new Anchor("jobs", "All jobs"));
    }

    private static Div line(String label, String value) {
        var l = new Span(label + ": ");
        l.addClassName("label");
        return new Div(l, new Span(value));
    }
}
