package io.federa.identity.internal;

import io.federa.identity.LoginConflicts;
import io.federa.shared.SystemTasks;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The way out when no portal admin can log in to resolve a login conflict (for example the only
 * admin's account was re-created): the operator names the user names in {@code
 * federa.identity.give-usernames-to-new-accounts} and restarts the portal, which resolves their open
 * conflicts as an admin would (ADR 18). Names without an open conflict are ignored with a warning.
 */
@Component
class StartupConflictResolution {

    private static final Logger log = LoggerFactory.getLogger(StartupConflictResolution.class);

    private final LoginConflicts conflicts;
    private final List<String> usernames;

    StartupConflictResolution(
            LoginConflicts conflicts,
            @Value("${federa.identity.give-usernames-to-new-accounts:}") List<String> usernames) {
        this.conflicts = conflicts;
        this.usernames = usernames;
    }

    @EventListener(ApplicationReadyEvent.class)
    void resolveNamedConflicts() {
        resolve(usernames);
    }

    void resolve(List<String> names) {
        SystemTasks.runAsSystem(() -> {
            List<String> open = conflicts.open().stream()
                    .map(LoginConflicts.Conflict::username)
                    .toList();
            for (String name : names) {
                String username = name.trim();
                if (username.isEmpty()) {
                    continue;
                }
                if (open.contains(username)) {
                    conflicts.giveUsernameToNewAccount(username);
                    log.warn(
                            "federa.identity.give-usernames-to-new-accounts: {} now belongs to the account that "
                                    + "logged in with it; remove the setting again",
                            username);
                } else {
                    log.warn("federa.identity.give-usernames-to-new-accounts: no open login conflict for {}", username);
                }
            }
            return null;
        });
    }
}
