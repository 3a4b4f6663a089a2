package io.federa.identity.internal;

import io.federa.identity.DirectorySnapshot;
import io.federa.identity.DirectorySync;
import io.federa.identity.DirectorySynced;
import io.federa.shared.SystemTasks;
import io.federa.shared.UserFacingException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads the directory, stores the people and tells tenancy (one transaction). See ADR 7. */
@Service
class KeycloakDirectorySync implements DirectorySync {

    private static final Logger log = LoggerFactory.getLogger(KeycloakDirectorySync.class);

    private final KeycloakDirectory directory;
    private final DirectoryProperties props;
    private final PersonRepository people;
    private final SubjectBinding binding;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AtomicReference<Result> last = new AtomicReference<>();

    KeycloakDirectorySync(
            KeycloakDirectory directory,
            DirectoryProperties props,
            PersonRepository people,
            SubjectBinding binding,
            ApplicationEventPublisher events,
            TransactionTemplate tx,
            Clock clock) {
        this.directory = directory;
        this.props = props;
        this.people = people;
        this.binding = binding;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public Result syncNow() {
        DirectorySnapshot snapshot = directory.read(); // outside the transaction: no lock held over HTTP
        Result result = tx.execute(status -> {
            for (DirectorySnapshot.Person p : snapshot.people()) {
                PersonEntity person = people.findById(p.username()).orElseGet(() -> new PersonEntity(p.username()));
                person.describedByDirectory(p.displayName(), p.email());
                // people who never logged in are bound to their account too, so that a mapping an admin
                // gives them is never inherited by a later account with the same user name (ADR 18)
                boolean conflict = !p.subject().isBlank()
                        && binding.conflict(p.username(), p.subject(), p.displayName())
                                .isPresent();
                if (!conflict && person.subject() == null && !p.subject().isBlank()) {
                    person.bindTo(p.subject());
                }
                people.save(person);
            }
            events.publishEvent(new DirectorySynced(snapshot));
            int memberships =
                    snapshot.groups().stream().mapToInt(g -> g.members().size()).sum();
            return new Result(
                    clock.instant(), snapshot.people().size(), snapshot.groups().size(), memberships);
        });
        last.set(result);
        log.info(
                "directory sync: {} people, {} teams, {} memberships",
                result.people(),
                result.teams(),
                result.memberships());
        return result;
    }

    @Override
    public Optional<Result> lastSync() {
        return Optional.ofNullable(last.get());
    }

    @Scheduled(
            initialDelayString = "${federa.directory.initial-delay:1m}",
            fixedDelayString = "${federa.directory.interval:15m}")
    void scheduled() {
        if (!props.enabled()) {
            return;
        }
        try {
            SystemTasks.runAsSystem(this::syncNow);
        } catch (UserFacingException e) {
            log.warn("{} — keeping what the portal has", e.getMessage());
        }
    }
}
