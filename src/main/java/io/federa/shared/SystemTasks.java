package io.federa.shared;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs portal-internal work (start-up seeding, scheduled syncs) with the portal-admin role, so that
 * service methods keep their role checks instead of growing unchecked back doors.
 */
public final class SystemTasks {

    public static final String SYSTEM_USER = "federa-system";

    private SystemTasks() {}

    public static <T> T runAsSystem(Supplier<T> task) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                SYSTEM_USER, null, List.of(new SimpleGrantedAuthority(Roles.AUTHORITY_PREFIX + Roles.PORTAL_ADMIN))));
        var previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(context);
        try {
            return task.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
