package io.federa.shell;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * Page-wide settings. Styles are plain CSS served from META-INF/resources: no frontend build. Server
 * push carries live updates (cluster health, mirrored jobs) to open pages.
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/federa.css")
public class FederaAppShell implements AppShellConfigurator {}
