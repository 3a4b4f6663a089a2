package io.federa.shell;

import com.vaadin.flow.component.AbstractSinglePropertyField;
import com.vaadin.flow.component.Focusable;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Slurm batch script editor (CodeMirror 6 in {@code frontend/components/federa-script-editor.ts}):
 * shell highlighting, line numbers, {@code #SBATCH} directives marked, and {@link Mark}s — the
 * portal's own checks — written on the line they concern. The value reaches the server ~300 ms after
 * typing stops and on blur, so value-change listeners see whole edits, not every key.
 */
@Tag("federa-script-editor")
@JsModule("./components/federa-script-editor.ts")
@NpmPackage(value = "@codemirror/state", version = "6.7.6")
@NpmPackage(value = "@codemirror/view", version = "6.44.2")
@NpmPackage(value = "@codemirror/language", version = "6.13.1")
@NpmPackage(value = "@codemirror/commands", version = "6.11.2")
@NpmPackage(value = "@codemirror/lint", version = "6.9.8")
@NpmPackage(value = "@codemirror/legacy-modes", version = "6.5.5")
@NpmPackage(value = "@lezer/highlight", version = "1.2.5")
public class ScriptEditor extends AbstractSinglePropertyField<ScriptEditor, String>
        implements HasSize, Focusable<ScriptEditor> {

    /** How much a mark matters; the editor shows each with its own icon and word, never colour alone. */
    public enum Severity {
        ERROR,
        WARNING,
        INFO;

        String js() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A message about one line of the script (1-based). */
    public record Mark(int line, String message, Severity severity) {}

    /** What the browser receives (severity in lower case). */
    record ClientMark(int line, String message, String severity) {}

    private static final Pattern LINE = Pattern.compile("\\bline (\\d{1,7}): ");

    public ScriptEditor(String label) {
        super("value", "", false);
        getElement().setProperty("label", label);
        getElement().setPropertyList("marks", List.of());
    }

    public void setHelperText(String text) {
        getElement().setProperty("helperText", text);
    }

    public void setPlaceholder(String text) {
        getElement().setProperty("placeholder", text);
    }

    /** Replaces the marks shown; lines outside the script are ignored. */
    public void setMarks(List<Mark> marks) {
        getElement()
                .setPropertyList(
                        "marks",
                        marks.stream()
                                .map(m -> new ClientMark(
                                        m.line(), m.message(), m.severity().js()))
                                .toList());
    }

    /**
     * Marks for the messages that name their line the portal's way ("line 3: …"), anywhere in the
     * message (a routing verdict may prefix the cluster); the others have no line to go on.
     */
    public static List<Mark> onTheirLines(List<String> messages, Severity severity) {
        return messages.stream()
                .flatMap(m -> {
                    Matcher match = LINE.matcher(m);
                    return match.find()
                            ? Stream.of(new Mark(Integer.parseInt(match.group(1)), m, severity))
                            : Stream.empty();
                })
                .toList();
    }
}
