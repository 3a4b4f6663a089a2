package io.federa.runs.ui;

import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import io.federa.runs.Run;
import io.federa.shared.ui.Badges;

/** A run page's cards of facts: who, where and with what ({@link #facts}); what ran ({@link #lineage}). */
final class RunFacts {

    private RunFacts() {}

    /** Team, owner, cluster, partition, the Slurm job, the Slurm user, resources and times. */
    static void facts(Div facts, Run r) {
        facts.removeAll();
        facts.add(line("Team", r.team()));
        facts.add(line("Submitted by", r.owner()));
        facts.add(line("Cluster", r.cluster()));
        facts.add(line(
                "Partition",
                r.resources().partition() == null
                        ? "the cluster's default"
                        : r.resources().partition()));
        var job = new Div(label("Slurm job"));
        if (r.slurmJobId() == null) {
            job.add(new Span("none yet"));
        } else {
            var link = new Anchor("jobs/" + r.cluster() + "/" + r.slurmJobId(), String.valueOf(r.slurmJobId()));
            link.setId("run-job-link");
            job.add(link);
        }
        facts.add(job);
        facts.add(line("As", "Slurm user " + r.slurmUser() + ", account " + r.account()));
        facts.add(line(
                "Resources",
                r.resources().cpus() + " CPUs"
                        + (r.resources().totalGpus() > 0 ? ", " + r.resources().totalGpus() + " GPUs" : "")
                        + ", time limit "
                        + (r.resources().timeLimitMinutes() == null
                                ? "the partition's"
                                : r.resources().timeLimitMinutes() + " min")));
        facts.add(line("Created", Badges.time(r.createdAt())));
        facts.add(line("Submitted", Badges.time(r.submittedAt())));
        facts.add(line("Ended", Badges.time(r.endedAt())));
    }

    /** Template, cluster, job, commit, inputs, the portal's notes on the request, the script as sent. */
    static Div lineage(Run r) {
        var box = new Div();
        box.setId("run-lineage");
        box.addClassName("federa-card");
        String template = r.tags().get("template");
        if (template != null) {
            box.add(line("Template", template));
        }
        box.add(line("Cluster", r.cluster()));
        box.add(line("Slurm job", r.slurmJobId() == null ? "none yet" : r.cluster() + " job " + r.slurmJobId()));
        box.add(line("Git commit", r.gitCommit() == null ? "not given" : r.gitCommit()));
        box.add(line("Inputs", r.params().isEmpty() ? "no params" : r.params().size() + " params (above)"));
        if (!r.notes().isEmpty()) {
            var notes = new Div(label("Notes"));
            notes.setId("run-notes");
            for (String n : r.notes()) {
                notes.add(new Div(n));
            }
            box.add(notes);
        }
        var script = new Pre(r.script());
        script.setId("run-script");
        script.addClassName("run-script");
        var details = new Details("Script as submitted", script);
        details.setOpened(false);
        box.add(details);
        return box;
    }

    static Span label(String text) {
        var l = new Span(text + ": ");
        l.addClassName("label");
        return l;
    }

    private static Div line(String label, String value) {
        return new Div(label(label), new Span(value));
    }
}
