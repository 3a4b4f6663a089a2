package io.federa.shell;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ErrorHandler;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.federa.shared.UserFacingException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * The one handler for anything a view did not handle. Expected failures ({@link UserFacingException},
 * access denied) are shown as they are; anything else is logged with an incident reference and the
 * user sees only that reference, never a stack trace.
 */
@Component
class GlobalErrorHandler implements ErrorHandler, VaadinServiceInitListener {

    private static final Logger log = LoggerFactory.getLogger(GlobalErrorHandler.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(this));
    }

    @Override
    public void error(ErrorEvent event) {
        String message = messageFor(event.getThrowable());
        UI ui = UI.getCurrent();
        if (ui != null) {
            ui.access(() -> {
                var n = Notification.show(message, 8000, Notification.Position.TOP_CENTER);
                n.addThemeVariants(NotificationVariant.LUMO_ERROR);
            });
        }
    }

    String messageFor(Throwable error) {
        Throwable cause = rootUserFacing(error);
        if (cause instanceof UserFacingException expected) {
            return expected.userMessage();
        }
        if (cause instanceof AccessDeniedException) {
            return "You are not allowed to do that.";
        }
        String incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        log.error("incident {}: unhandled error in the UI", incident, error);
        return "Something went wrong on our side (incident " + incident
                + "). It has been logged; please try again or tell your administrator.";
    }

    private static Throwable rootUserFacing(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UserFacingException || t instanceof AccessDeniedException) {
                return t;
            }
        }
        return error;
    }
}
