package io.federa.tenancy.internal;

import io.federa.identity.CurrentUser;
import io.federa.identity.People;
import io.federa.identity.Person;
import io.federa.shared.TeamAdministration;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamMember;
import io.federa.tenancy.TeamOverview;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
class JpaTeamDirectory implements TeamDirectory, TeamAdministration {

    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final People people;

    JpaTeamDirectory(TeamRepository teams, MembershipRepository memberships, People people) {
        this.teams = teams;
        this.memberships = memberships;
        this.people = people;
    }

    @Override
    public List<TeamOverview> teamsOf(CurrentUser user) {
        List<Long> ids = memberships.findByUsername(user.username()).stream()
                .map(MembershipEntity::teamId)
                .toList();
        return overview(teams.findAllById(ids));
    }

    @Override
    public List<TeamOverview> allTeams() {
        return overview(teams.findAllByOrderByNameAsc());
    }

    @Override
    public boolean mayActFor(CurrentUser user, String team) {
        if (user.isPortalAdmin()) {
            return true;
        }
        return teams.findByName(team)
                .map(t -> memberships.existsByTeamIdAndUsername(t.id(), user.username()))
                .orElse(false);
    }

    @Override
    public boolean isTeamAdmin(CurrentUser user, String team) {
        return teams.findByName(team)
                .map(t -> memberships.existsByTeamIdAndUsernameAndTeamAdminTrue(t.id(), user.username()))
                .orElse(false);
    }

    @Override
    public Set<String> teamsAdministeredBy(String username) {
        List<Long> ids = memberships.findByUsername(username).stream()
                .filter(MembershipEntity::teamAdmin)
                .map(MembershipEntity::teamId)
                .toList();
        return teams.findAllById(ids).stream().map(TeamEntity::name).collect(Collectors.toUnmodifiableSet());
    }

    private List<TeamOverview> overview(List<TeamEntity> found) {
        Map<Long, List<MembershipEntity>> membersByTeam =
                memberships.findByTeamIdIn(found.stream().map(TeamEntity::id).toList()).stream()
                        .collect(Collectors.groupingBy(MembershipEntity::teamId));
        Map<String, Person> known = people.byUsernames(membersByTeam.values().stream()
                .flatMap(List::stream)
                .map(MembershipEntity::username)
                .collect(Collectors.toSet()));
        return found.stream()
                .sorted(Comparator.comparing(TeamEntity::name))
                .map(t -> new TeamOverview(
                        t.name(),
                        t.createdAt(),
                        membersByTeam.getOrDefault(t.id(), List.of()).stream()
                                .sorted(Comparator.comparing(MembershipEntity::username))
                                .map(m -> new TeamMember(
                                        m.username(),
                                        known.containsKey(m.username())
                                                ? known.get(m.username()).displayName()
                                                : m.username(),
                                        m.teamAdmin()))
                                .toList()))
                .toList();
    }
}
