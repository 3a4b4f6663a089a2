package io.federa.runs.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.dom.Element;
import java.util.List;
import java.util.Map;

/**
 * Plain HTML tables for params, tags and comparisons: small, fixed data that needs no grid. Text
 * goes in with {@code setText}, so whatever a job reported is shown, never interpreted.
 */
final class KeyValueTable {

    private KeyValueTable() {}

    static Div of(String keyHeader, Map<String, String> values) {
        var table = new Element("table");
        table.getClassList().add("kv-table");
        table.appendChild(row("th", List.of(keyHeader, "Value")));
        values.forEach((k, v) -> table.appendChild(row("td", List.of(k, v))));
        var box = new Div();
        box.addClassName("kv-box");
        if (values.isEmpty()) {
            box.setText("None.");
        } else {
            box.getElement().appendChild(table);
        }
        return box;
    }

    /** A table with a header row and data rows; each data row may carry a CSS class. */
    static Element table(String id, List<String> header) {
        var table = new Element("table");
        table.setAttribute("id", id);
        table.getClassList().add("kv-table");
        table.appendChild(row("th", header));
        return table;
    }

    static Element row(String cell, List<String> texts) {
        var tr = new Element("tr");
        for (String t : texts) {
            tr.appendChild(new Element(cell).setText(t));
        }
        return tr;
    }
}
