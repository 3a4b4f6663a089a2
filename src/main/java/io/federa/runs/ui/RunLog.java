package io.federa.runs.ui;

import com.vaadin.flow.component.html.Div;
import io.federa.identity.CurrentUser;
import io.federa.runs.Run;
import io.federa.runs.RunLogLine;
import io.federa.runs.Runs;
import java.util.List;

/** A run page's live log: the last {@link #TAIL} lines the job reported, new ones added as they arrive. */
final class RunLog extends Div {

    /** Log lines kept on the page; older ones scroll away. */
    static final int TAIL = 500;

    private final Runs runs;
    private long lastSeq;

    RunLog(Runs runs) {
        this.runs = runs;
        setId("run-log");
        addClassName("run-log");
    }

    /** Starts over with the log's tail (a long log's first lines are not its tail). */
    void showTail(CurrentUser me, Run run) {
        lastSeq = 0;
        removeAll();
        show(runs.logTail(me, run.id(), TAIL));
    }

    /** Adds the lines after the last one shown. */
    void append(CurrentUser me, Run run) {
        show(runs.logs(me, run.id(), lastSeq, 10_000));
    }

    private void show(List<RunLogLine> lines) {
        for (RunLogLine l : lines) {
            var div = new Div(l.line());
            div.addClassName("log-line");
            add(div);
            lastSeq = l.seq();
        }
        long extra = getChildren().count() - TAIL;
        for (long i = 0; i < extra; i++) {
            getChildren().findFirst().ifPresent(this::remove);
        }
        if (getChildren().findAny().isEmpty()) {
            setText("");
            getElement().setAttribute("data-empty", "No log lines yet.");
        } else {
            getElement().removeAttribute("data-empty");
            getElement().executeJs("this.scrollTop = this.scrollHeight");
        }
    }
}
