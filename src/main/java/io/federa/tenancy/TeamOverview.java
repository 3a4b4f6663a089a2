package io.federa.tenancy;

import java.time.Instant;
import java.util.List;

/** A team with its members, for the admin Teams page and the dashboard. */
public record TeamOverview(String name, Instant createdAt, List<TeamMember> members) {}
