package io.federa.identity.internal;

import io.federa.identity.CurrentUser;
import io.federa.identity.UserLoggedIn;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores who logged in and tells the other modules, in one transaction. */
@Service
class LoginRecorder {

    private static final Logger log = LoggerFactory.getLogger(LoginRecorder.class);

    private final PersonRepository people;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LoginRecorder(PersonRepository people, ApplicationEventPublisher events, Clock clock) {
        this.people = people;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void record(CurrentUser user) {
        PersonEntity person = people.findById(user.username()).orElseGet(() -> new PersonEntity(user.username()));
        person.loggedIn(user.subject(), user.displayName(), user.email(), clock.instant());
        people.save(person);
        events.publishEvent(new UserLoggedIn(user));
        log.info("login: {} roles={} groups={}", user.username(), user.roles(), user.groups());
    }
}
