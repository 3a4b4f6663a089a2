package io.federa.tenancy.internal;

import io.federa.tenancy.TeamCreated;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The one place a team is created: saves it and announces it ({@link TeamCreated}). */
@Component
class TeamCreation {

    private final TeamRepository teams;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TeamCreation(TeamRepository teams, ApplicationEventPublisher events, Clock clock) {
        this.teams = teams;
        this.events = events;
        this.clock = clock;
    }

    /** Saves a new team of that name; the caller's transaction carries the save and the event. */
    TeamEntity create(String name) {
        TeamEntity team = teams.save(new TeamEntity(name, clock.instant()));
        events.publishEvent(new TeamCreated(team.name(), team.createdAt()));
        return team;
    }
}
