package io.federa.shell;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.federa.identity.CurrentUsers;
import jakarta.annotation.security.PermitAll;

/**
 * The main layout. The side navigation lists {@link MenuConfiguration#getMenuEntries()}: every view
 * with {@code @Menu} that the current user's roles allow, so the menu never offers a page that
 * would answer "not allowed".
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

    MainLayout(CurrentUsers currentUsers, AuthenticationContext auth) {
        var brand = new Span("Federa");
        brand.addClassName("federa-brand");

        var who = new Span(currentUsers.current().map(u -> u.displayName()).orElse(""));
        who.setId("current-user");
        var logout = new Button("Log out", e -> auth.logout());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        var header = new HorizontalLayout(new DrawerToggle(), brand, new ColorSchemeChoice(), who, logout);
        header.setWidthFull();
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.expand(brand);
        header.addClassName("federa-header");
        addToNavbar(header);

        var nav = new SideNav();
        nav.setId("main-nav");
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            var item = new SideNavItem(entry.title(), entry.path());
            if (entry.icon() != null) {
                item.setPrefixComponent(new Icon(entry.icon()));
            }
            nav.addItem(item);
        }
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }
}
