package io.federa.shared.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import io.federa.shared.LiveUpdate;
import io.federa.shared.LiveUpdates;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A page or section that re-reads when something it shows changed: while the component is attached,
 * every {@link LiveUpdate} of the given type that concerns it schedules {@code refresh} in the
 * component's UI (server push); when it is detached the subscription is closed. Replaces the
 * {@code onAttach}/{@code onDetach} pair each view wrote by hand.
 */
public final class LiveRefresh {

    private LiveRefresh() {}

    /**
     * Follows events of {@code type} for which {@code concerns} holds while {@code component} is
     * attached. Call it before the component is attached (in its constructor).
     */
    public static <T extends LiveUpdate> void follow(
            Component component, LiveUpdates updates, Class<T> type, Predicate<? super T> concerns, Runnable refresh) {
        var following = new AtomicReference<LiveUpdates.Following>();
        component.addAttachListener(attached -> {
            UI ui = attached.getUI();
            LiveUpdates.Following earlier = following.getAndSet(updates.subscribe(type, e -> {
                if (concerns.test(e)) {
                    ui.access(refresh::run);
                }
            }));
            if (earlier != null) {
                earlier.close();
            }
        });
        component.addDetachListener(detached -> {
            LiveUpdates.Following current = following.getAndSet(null);
            if (current != null) {
                current.close();
            }
        });
    }

    /** Every event of {@code type} concerns the component. */
    public static <T extends LiveUpdate> void follow(
            Component component, LiveUpdates updates, Class<T> type, Runnable refresh) {
        follow(component, updates, type, e -> true, refresh);
    }
}
