package io.federa.identity;

import io.federa.shared.Roles;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Logins the portal refused because the identity provider's account (its OIDC subject) and the user
 * name no longer match what the portal knows: a user name deleted and re-created for someone else,
 * or an account renamed. A person is their subject (docs/adr/0018-people-are-their-oidc-subject.md):
 * until a portal admin resolves the conflict, the new account gets nothing the portal kept under the
 * user name.
 */
public interface LoginConflicts {

    /**
     * @param username the user name the account logged in with
     * @param heldBy the user name the portal knew this account by, when it was renamed; else null
     * @param displayName the new account's name, as the identity provider gave it
     */
    record Conflict(String username, @Nullable String heldBy, String displayName, Instant seenAt) {}

    /** The conflicts no admin has resolved yet, by user name. */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    List<Conflict> open();

    /**
     * Gives {@code username} to the account that tried to log in with it. Whatever the portal kept for
     * the earlier person under that user name (and, for a renamed account, under its old one) is
     * dropped: Slurm user mappings and team memberships ({@link PersonReplaced}). Runs stay with
     * their team. The account can log in at once and starts with what its groups give it.
     *
     * @throws io.federa.shared.NotAllowedException when there is no open conflict for the user name
     */
    @PreAuthorize("hasRole('" + Roles.PORTAL_ADMIN + "')")
    void giveUsernameToNewAccount(String username);
}
