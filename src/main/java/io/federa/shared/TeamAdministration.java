package io.federa.shared;

import java.util.Set;

/**
 * Which teams a person administers. Implemented by the tenancy module (the one place that knows team
 * admins) for modules that may not use tenancy but must scope what a team admin sees: the audit log
 * shows a team admin their teams' entries (ADR 19).
 */
public interface TeamAdministration {

    /** The names of the teams {@code username} is a team admin of; empty for none. */
    Set<String> teamsAdministeredBy(String username);
}
