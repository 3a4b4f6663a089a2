package io.federa.tenancy.internal;

import io.federa.identity.DirectorySnapshot;
import io.federa.identity.DirectorySynced;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a full directory snapshot: each group is a team whose members and team admins become
 * exactly the group's; teams whose group is gone keep their history but lose their members.
 */
@Component
class DirectoryMembershipSync {

    private static final Logger log = LoggerFactory.getLogger(DirectoryMembershipSync.class);

    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final TeamCreation creation;
    private final Clock clock;

    DirectoryMembershipSync(
            TeamRepository teams, MembershipRepository memberships, TeamCreation creation, Clock clock) {
        this.teams = teams;
        this.memberships = memberships;
        this.creation = creation;
        this.clock = clock;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(DirectorySynced event) {
        Set<Long> seen = new HashSet<>();
        for (DirectorySnapshot.Group group : event.snapshot().groups()) {
            TeamEntity team = teams.findByName(group.name()).orElseGet(() -> creation.create(group.name()));
            seen.add(team.id());
            apply(team, group.members(), group.admins());
        }
        for (TeamEntity gone : teams.findAll()) {
            if (!seen.contains(gone.id())) {
                apply(gone, Set.of(), Set.of());
            }
        }
    }

    private void apply(TeamEntity team, Set<String> members, Set<String> admins) {
        Set<String> have = new HashSet<>();
        for (MembershipEntity m : memberships.findByTeamId(team.id())) {
            if (!members.contains(m.username())) {
                memberships.delete(m);
                log.info("directory: {} left team {}", m.username(), team.name());
                continue;
            }
            have.add(m.username());
            if (m.teamAdmin() != admins.contains(m.username())) {
                m.teamAdmin(admins.contains(m.username()));
                memberships.save(m);
            }
        }
        for (String username : members) {
            if (!have.contains(username)) {
                var m = new MembershipEntity(team.id(), username, clock.instant());
                m.teamAdmin(admins.contains(username));
                memberships.save(m);
                log.info("directory: {} joined team {}", username, team.name());
            }
        }
    }
}
