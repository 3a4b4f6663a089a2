package io.federa.access.ui;

import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.federa.shared.UserFacingException;
import java.util.function.Supplier;

/** What the cluster permissions page's parts share: a service call shown in plain words, a titled section. */
final class PermissionsUi {

    private PermissionsUi() {}

    /** Runs a service call; an expected failure is shown in {@code message} in plain words. */
    static <T> void call(Supplier<T> action, java.util.function.Consumer<T> onSuccess, Span message) {
        try {
            onSuccess.accept(action.get());
        } catch (UserFacingException problem) {
            message.setText(problem.userMessage());
            message.addClassName("form-error");
            return;
        }
        message.removeClassName("form-error");
    }

    static VerticalLayout section(String title, com.vaadin.flow.component.Component... content) {
        var section = new VerticalLayout(new H3(title));
        section.add(content);
        section.setPadding(false);
        return section;
    }
}
