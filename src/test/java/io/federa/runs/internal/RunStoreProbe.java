package io.federa.runs.internal;

import io.federa.runs.MetricPoint;
import java.util.List;
import org.springframework.context.ApplicationContext;

/** Lets the runs benchmark (io.federa.bench) call the store's batch insert directly. Test code only. */
public final class RunStoreProbe {

    private final JdbcReportStore store;

    public RunStoreProbe(ApplicationContext context) {
        this.store = context.getBean(JdbcReportStore.class);
    }

    /** The raw insert the metrics endpoint ends in: one statement, autocommit. */
    public int insertMetrics(String runId, List<MetricPoint> points) {
        return store.insertMetrics(runId, points);
    }
}
