package io.federa.quota;

import java.time.LocalDate;

/**
 * A team's usage on one cluster in one period: a UTC day, or a month (then {@code period} is the
 * month's first day). Seconds are exact; hours are what pages show.
 */
public record UsageTotal(String team, String cluster, LocalDate period, long cpuSeconds, long gpuSeconds) {

    public double cpuHours() {
        return cpuSeconds / 3600.0;
    }

    public double gpuHours() {
        return gpuSeconds / 3600.0;
    }
}
