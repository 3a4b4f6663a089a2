package io.federa.runs.ui;

import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.federa.templates.TemplateParam;

/** A template parameter's field by its type: a checkbox, a choice, or text with its kind and bounds. */
final class TemplateParamFields {

    private TemplateParamFields() {}

    static HasValue<?, ?> field(TemplateParam p) {
        String label = p.label().isBlank() ? p.name() : p.label();
        switch (p.type()) {
            case BOOL -> {
                var box = new Checkbox(label);
                box.setValue("true".equalsIgnoreCase(p.defaultValue()));
                return box;
            }
            case CHOICE -> {
                var select = new Select<String>();
                select.setLabel(label);
                select.setItems(p.choices());
                select.setValue(
                        p.defaultValue() != null
                                ? p.defaultValue()
                                : p.choices().getFirst());
                select.setHelperText(p.help());
                return select;
            }
            default -> {
                var text = new TextField(label);
                text.setValue(p.defaultValue() == null ? "" : p.defaultValue());
                text.setValueChangeMode(ValueChangeMode.LAZY);
                text.setRequired(p.required());
                String range = p.min() != null || p.max() != null
                        ? " (" + (p.min() == null ? "…" : number(p.min())) + " – "
                                + (p.max() == null ? "…" : number(p.max())) + ")"
                        : "";
                String kind = switch (p.type()) {
                    case INT -> "whole number" + range;
                    case FLOAT -> "number" + range;
                    default -> "text: letters, digits and . , : / + = @ % _ -";
                };
                text.setHelperText(p.help().isBlank() ? kind : p.help() + " · " + kind);
                return text;
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void setText(HasValue<?, ?> field, String value) {
        if (field instanceof Checkbox box) {
            box.setValue(Boolean.parseBoolean(value));
        } else if (field instanceof Select<?> select) {
            ((Select<String>) select).setValue(value);
        } else if (field instanceof TextField text) {
            text.setValue(value);
        }
    }

    /** Numbers as the template editor and the form show them. */
    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
