package io.federa.jobs.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxScriptSize scripts above this are refused before anything reaches Slurm
 * @param workingDirectory where a run's job starts (and writes its output) unless the script says
 *     {@code --chdir}; it must exist on the cluster's nodes
 * @param tokenGrace how long a run's token keeps working after the run ended (late uploads)
 * @param lostAfter how long after a submit whose answer was lost the portal keeps looking for the job
 *     before it calls the run LOST (the cluster must have answered in between)
 * @param maxMetricsPerRequest metric points one request may carry
 * @param maxLogLinesPerRequest log lines one request may carry
 */
@ConfigurationProperties("federa.runs")
public record RunsProperties(
        @DefaultValue("64KB") DataSize maxScriptSize,
        @DefaultValue("/tmp") String workingDirectory,
        @DefaultValue("15m") Duration tokenGrace,
        @DefaultValue("2m") Duration lostAfter,
        @DefaultValue("10000") int maxMetricsPerRequest,
        @DefaultValue("10000") int maxLogLinesPerRequest) {}
