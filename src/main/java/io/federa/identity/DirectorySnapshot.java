package io.federa.identity;

import java.util.List;
import java.util.Set;

/**
 * What the identity provider's directory holds right now: every person and every group (team) with
 * its members and its team admins.
 */
public record DirectorySnapshot(List<Person> people, List<Group> groups) {

    public DirectorySnapshot {
        people = List.copyOf(people);
        groups = List.copyOf(groups);
    }

    /**
     * @param admins usernames named in the group's {@code team-admins} attribute (see ADR 7)
     */
    public record Group(String name, Set<String> members, Set<String> admins) {

        public Group {
            members = Set.copyOf(members);
            admins = Set.copyOf(admins);
        }
    }

    /** @param subject the account's id in the identity provider, the OIDC subject of its logins */
    public record Person(String username, String displayName, String email, String subject) {}
}
