package io.federa.shell;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;

/**
 * The header's "light / dark / as the system" choice. It lives in the browser ({@code localStorage},
 * read again on every page load by {@link #APPLY_STORED}), so it needs no account setting and also
 * holds before login.
 */
class ColorSchemeChoice extends Composite<Select<String>> {

    static final String SYSTEM = "As the system";
    static final String LIGHT = "Light";
    static final String DARK = "Dark";
    private static final String KEY = "federa-color-scheme";

    /** Runs in the page's head: applies a stored choice before anything is drawn. */
    static final String APPLY_STORED = "try{var s=localStorage.getItem('" + KEY + "');"
            + "if(s==='light'||s==='dark'){document.documentElement.setAttribute('theme',s);"
            + "document.documentElement.style.colorScheme=s;}}catch(e){}";

    ColorSchemeChoice() {
        Select<String> select = getContent();
        select.setId("color-scheme");
        select.setItems(SYSTEM, LIGHT, DARK);
        select.setAriaLabel("Colour scheme");
        select.setTooltipText("Colour scheme: light, dark, or as the system says");
        select.setWidth("11em");
        select.addThemeVariants(SelectVariant.LUMO_SMALL);
        select.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                apply(e.getValue());
            }
        });
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI()
                .getPage()
                .executeJs("try{return localStorage.getItem($0)||''}catch(e){return ''}", KEY)
                .then(
                        String.class,
                        stored -> getContent()
                                .setValue(
                                        switch (stored) {
                                            case "light" -> LIGHT;
                                            case "dark" -> DARK;
                                            default -> SYSTEM;
                                        }));
    }

    private void apply(String choice) {
        var page = getContent().getUI().orElseThrow().getPage();
        String stored = switch (choice) {
            case LIGHT -> "light";
            case DARK -> "dark";
            default -> "";
        };
        page.setColorScheme(
                switch (stored) {
                    case "light" -> ColorScheme.Value.LIGHT;
                    case "dark" -> ColorScheme.Value.DARK;
                    default -> ColorScheme.Value.LIGHT_DARK;
                });
        page.executeJs(
                "try{if($1){localStorage.setItem($0,$1)}else{localStorage.removeItem($0)}}catch(e){}", KEY, stored);
    }
}
