package io.federa.identity.internal;

import io.federa.identity.CurrentUser;
import io.federa.identity.UserLoggedIn;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores who logged in and tells the other modules, in one transaction; or refuses the login when
 * its account and user name do not match what the portal knows ({@link SubjectBinding}), recording
 * the conflict (committed) for portal admins.
 */
@Service
class LoginRecorder {

    private static final Logger log = LoggerFactory.getLogger(LoginRecorder.class);

    private final PersonRepository people;
    private final SubjectBinding binding;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    LoginRecorder(
            PersonRepository people,
            SubjectBinding binding,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock) {
        this.people = people;
        this.binding = binding;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @throws LoginRefusedException the user name belongs to another account, or the account to
     *     another user name (nothing but the conflict is stored)
     */
    public void record(CurrentUser user) {
        Optional<String> refusal = tx.execute(status -> {
            Optional<String> conflict = binding.conflict(user.username(), user.subject(), user.displayName());
            if (conflict.isPresent()) {
                return conflict;
            }
            PersonEntity person = people.findById(user.username()).orElseGet(() -> new PersonEntity(user.username()));
            person.loggedIn(user.subject(), user.displayName(), user.email(), clock.instant());
            people.save(person);
            events.publishEvent(new UserLoggedIn(user));
            return Optional.<String>empty();
        });
        if (refusal != null && refusal.isPresent()) {
            throw new LoginRefusedException(refusal.get());
        }
        log.info("login: {} roles={} groups={}", user.username(), user.roles(), user.groups());
    }
}
