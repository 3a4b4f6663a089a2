package io.federa.shared;

/**
 * This replica stopped leading (another took over, or the database could not renew its claim): work
 * that runs beside the scheduled ticks, such as open Kubernetes watches, stops here (ADR 29).
 */
public record LeadershipRevoked() {}
