package io.federa.shell;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * Page-wide settings. Federa's look is one plain stylesheet (served as is, also by the plain error
 * pages) on top of Lumo; its own components come from the frontend bundle built from {@code
 * frontend/} (ADR 23). Light or dark follows the system unless the person chose one in the header
 * ({@link ColorSchemeChoice}): that choice is applied before the first paint. Server push carries live
 * updates (cluster health, mirrored jobs, runs) to open pages.
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/federa.css")
@ColorScheme(ColorScheme.Value.LIGHT_DARK)
public class FederaAppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addInlineWithContents(
                Inline.Position.PREPEND, ColorSchemeChoice.APPLY_STORED, Inline.Wrapping.JAVASCRIPT);
    }
}
