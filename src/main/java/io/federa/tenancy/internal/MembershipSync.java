package io.federa.tenancy.internal;

import io.federa.identity.PersonReplaced;
import io.federa.identity.UserLoggedIn;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Brings a person's team memberships in line with the groups in their token: teams are created on
 * first sight, memberships added, and memberships of groups the person no longer has are removed.
 *
 * <p>A plain, synchronous listener on purpose: it runs inside the login transaction so the first page
 * after login already shows the right teams.
 */
@Component
class MembershipSync {

    private static final Logger log = LoggerFactory.getLogger(MembershipSync.class);

    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final TeamCreation creation;
    private final Clock clock;

    MembershipSync(TeamRepository teams, MembershipRepository memberships, TeamCreation creation, Clock clock) {
        this.teams = teams;
        this.memberships = memberships;
        this.creation = creation;
        this.clock = clock;
    }

    /** The user name now belongs to another account (ADR 18): it starts with what its own groups give it. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(PersonReplaced event) {
        var earlier = memberships.findByUsername(event.username());
        memberships.deleteAll(earlier);
        if (!earlier.isEmpty()) {
            log.info("{}: {} membership(s) of the earlier account removed", event.username(), earlier.size());
        }
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(UserLoggedIn event) {
        String username = event.user().username();
        Set<String> wanted = event.user().groups();

        Map<String, TeamEntity> byName =
                teams.findByNameIn(wanted).stream().collect(Collectors.toMap(TeamEntity::name, Function.identity()));
        Set<Long> wantedIds = new HashSet<>();
        for (String name : wanted) {
            TeamEntity team = byName.computeIfAbsent(name, creation::create);
            wantedIds.add(team.id());
        }

        Set<Long> haveIds = new HashSet<>();
        for (MembershipEntity m : memberships.findByUsername(username)) {
            if (wantedIds.contains(m.teamId())) {
                haveIds.add(m.teamId());
            } else {
                memberships.delete(m);
                log.info("membership removed: {} left team #{}", username, m.teamId());
            }
        }
        for (long teamId : wantedIds) {
            if (!haveIds.contains(teamId)) {
                memberships.save(new MembershipEntity(teamId, username, clock.instant()));
                log.info("membership added: {} joined team #{}", username, teamId);
            }
        }
    }
}
