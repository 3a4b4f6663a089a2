package io.federa.templates;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One typed parameter of a {@link RunTemplate}, substituted for {@code {{name}}} in its script.
 *
 * @param name as the placeholder and the run's param name take it ({@code [a-z_][a-z0-9_]*})
 * @param label what the submit form calls it
 * @param defaultValue used when the form leaves it empty; null: none
 * @param min smallest allowed value (int and float only); null: no bound
 * @param max largest allowed value (int and float only); null: no bound
 * @param required an empty value without a default is refused
 * @param choices the allowed values of a {@link Type#CHOICE} parameter, in form order
 */
public record TemplateParam(
        String name,
        String label,
        Type type,
        @Nullable String defaultValue,
        @Nullable Double min,
        @Nullable Double max,
        boolean required,
        List<String> choices,
        String help) {

    public enum Type {
        STRING,
        INT,
        FLOAT,
        BOOL,
        CHOICE
    }

    public TemplateParam {
        choices = List.copyOf(choices);
    }

    public static TemplateParam of(String name, Type type, @Nullable String defaultValue) {
        return new TemplateParam(name, name, type, defaultValue, null, null, true, List.of(), "");
    }
}
