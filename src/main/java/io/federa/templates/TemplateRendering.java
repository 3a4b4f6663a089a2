package io.federa.templates;

import io.federa.templates.TemplateParam.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks templates and fills their {@code {{name}}} placeholders, without any I/O and without a shell.
 *
 * <p>Values are data, never code: each value is checked against its type and reduced to a canonical
 * form that is one plain shell word — numbers as digits, booleans as {@code true}/{@code false}, text
 * and choices only from {@code [A-Za-z0-9_.,:/+=@%-]}, never starting with {@code -}. So no value can
 * carry {@code $(…)}, backticks, quotes, backslashes, spaces, newlines, globs, redirections or an
 * option, wherever the template puts it (an {@code #SBATCH} line, a command, a heredoc). Substitution
 * is a single pass: a value is never scanned for placeholders again. See
 * docs/adr/0013-run-templates-and-routing.md.
 */
public final class TemplateRendering {

    /** {@code {{ name }}}, spaces inside the braces allowed. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern PARAM_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    static final Pattern SAFE_TEXT = Pattern.compile("[A-Za-z0-9_.,:/+=@%][A-Za-z0-9_.,:/+=@%-]{0,199}");
    private static final Pattern INT = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?(\\d{1,30}(\\.\\d{0,30})?|\\.\\d{1,30})([eE][+-]?\\d{1,3})?");
    private static final Set<String> TRUE = Set.of("true", "yes", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "no", "off", "0");
    static final int MAX_PARAMS = 50;

    private TemplateRendering() {}

    /** What is wrong with a template an admin wants to save; empty when it can be saved. */
    public static List<String> validate(RunTemplate t, long maxScriptBytes) {
        List<String> problems = new ArrayList<>();
        idProblem(t.id()).ifPresent(problems::add);
        nameProblem(t.name()).ifPresent(problems::add);
        problems.addAll(scriptProblems(t.script(), maxScriptBytes));
        if (t.params().size() > MAX_PARAMS) {
            problems.add("A template takes at most " + MAX_PARAMS + " parameters.");
        }
        Set<String> names = new HashSet<>();
        for (TemplateParam p : t.params()) {
            String who = "Parameter \"" + p.name() + "\"";
            if (!PARAM_NAME.matcher(p.name()).matches()) {
                problems.add(who + ": a name uses lower-case letters, digits and _ and starts with a letter or _.");
            }
            if (!names.add(p.name())) {
                problems.add(who + " is declared twice.");
            }
            if (p.min() != null && p.max() != null && p.min() > p.max()) {
                problems.add(
                        who + ": the minimum " + number(p.min()) + " is above the maximum " + number(p.max()) + ".");
            }
            if ((p.min() != null || p.max() != null) && p.type() != Type.INT && p.type() != Type.FLOAT) {
                problems.add(who + ": only int and float parameters take a minimum or maximum.");
            }
            if (p.type() == Type.CHOICE) {
                if (p.choices().isEmpty()) {
                    problems.add(who + ": a choice parameter needs at least one choice.");
                }
                for (String c : p.choices()) {
                    if (!SAFE_TEXT.matcher(c).matches()) {
                        problems.add(who + ": the choice \"" + c + "\" " + SAFE_TEXT_RULE);
                    }
                }
            } else if (!p.choices().isEmpty()) {
                problems.add(who + ": only choice parameters take a list of choices.");
            }
            if (p.defaultValue() != null && !p.defaultValue().isBlank()) {
                List<String> bad = new ArrayList<>();
                value(p, p.defaultValue(), bad);
                bad.forEach(b -> problems.add(b.replace(who + ":", who + ": its default")));
            }
        }
        Set<String> used = placeholders(t.script());
        for (String u : used) {
            if (!names.contains(u)) {
                problems.add("The script uses {{" + u + "}}, but the template declares no parameter " + u + ".");
            }
        }
        return problems;
    }

    /** What is wrong with a template's id (the form shows it on the field), if anything. */
    public static Optional<String> idProblem(String id) {
        return ID.matcher(id).matches()
                ? Optional.empty()
                : Optional.of("The id \"" + id + "\" must use only lower-case letters, digits and - (at most 63).");
    }

    /** What is wrong with a template's name, if anything. */
    public static Optional<String> nameProblem(String name) {
        return name.isBlank() || name.length() > 200
                ? Optional.of("The template needs a name of at most 200 characters.")
                : Optional.empty();
    }

    /** What is wrong with a template's script as a whole (before its placeholders), if anything. */
    public static List<String> scriptProblems(String script, long maxScriptBytes) {
        List<String> problems = new ArrayList<>();
        if (!script.startsWith("#!")) {
            problems.add("The script must start with an interpreter line such as #!/bin/bash.");
        }
        if (script.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxScriptBytes) {
            problems.add("The script is longer than the portal accepts (" + maxScriptBytes / 1024 + " KiB).");
        }
        if (script.indexOf('\0') >= 0) {
            problems.add("The script contains NUL bytes.");
        }
        return problems;
    }

    /** The placeholder names in {@code script}, in order of first use. */
    public static Set<String> placeholders(String script) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(script);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * Fills the template with {@code values} (by parameter name; blank or missing takes the default).
     * Every bad value is reported at once; nothing is substituted while there are problems.
     */
    public static RenderedTemplate render(RunTemplate t, Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        Map<String, TemplateParam> byName = new LinkedHashMap<>();
        t.params().forEach(p -> byName.put(p.name(), p));
        values.keySet().stream()
                .filter(k -> !byName.containsKey(k))
                .sorted()
                .forEach(k -> problems.add("The template \"" + t.name() + "\" has no parameter \"" + k + "\"."));
        Map<String, String> resolved = new LinkedHashMap<>();
        for (TemplateParam p : t.params()) {
            String given = values.get(p.name());
            String raw = given == null || given.isBlank() ? p.defaultValue() : given;
            if (raw == null || raw.isBlank()) {
                if (p.required()) {
                    problems.add(describe(p) + ": a value is required.");
                } else {
                    resolved.put(p.name(), "");
                }
                continue;
            }
            String v = value(p, raw, problems);
            if (v != null) {
                resolved.put(p.name(), v);
            }
        }
        if (!problems.isEmpty()) {
            return new RenderedTemplate("", resolved, problems);
        }
        Matcher m = PLACEHOLDER.matcher(t.script());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = resolved.get(m.group(1));
            if (v == null) {
                problems.add("The template uses {{" + m.group(1) + "}} but declares no such parameter; "
                        + "a portal administrator must fix the template.");
                v = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return new RenderedTemplate(problems.isEmpty() ? out.toString() : "", resolved, problems);
    }

    private static final String SAFE_TEXT_RULE = "may use only letters, digits and . , : / + = @ % _ - (no spaces, "
            + "quotes, $, backticks, backslashes or line breaks; not starting with -; at most 200 characters).";

    /** The canonical value, or null with a problem added. */
    private static @Nullable String value(TemplateParam p, String raw, List<String> problems) {
        String v = raw.strip();
        String who = describe(p);
        switch (p.type()) {
            case INT -> {
                if (!INT.matcher(v).matches()) {
                    problems.add(who + ": \"" + shown(raw) + "\" is not a whole number.");
                    return null;
                }
                long n = Long.parseLong(v);
                return bounded(p, n, Long.toString(n), problems);
            }
            case FLOAT -> {
                if (!FLOAT.matcher(v).matches()) {
                    problems.add(who + ": \"" + shown(raw) + "\" is not a number (write e.g. 0.001 or 1e-3).");
                    return null;
                }
                BigDecimal d = new BigDecimal(v);
                String canonical = d.abs().compareTo(new BigDecimal("1e-4")) < 0 && d.signum() != 0
                                || d.abs().compareTo(new BigDecimal("1e15")) >= 0
                        ? d.stripTrailingZeros().toString()
                        : d.stripTrailingZeros().toPlainString();
                return bounded(p, d.doubleValue(), canonical, problems);
            }
            case BOOL -> {
                String lower = v.toLowerCase(Locale.ROOT);
                if (TRUE.contains(lower)) {
                    return "true";
                }
                if (FALSE.contains(lower)) {
                    return "false";
                }
                problems.add(who + ": \"" + shown(raw) + "\" is not true or false.");
                return null;
            }
            case CHOICE -> {
                if (!p.choices().contains(v)) {
                    problems.add(
                            who + ": \"" + shown(raw) + "\" is not one of " + String.join(", ", p.choices()) + ".");
                    return null;
                }
                return v;
            }
            default -> {
                if (!SAFE_TEXT.matcher(v).matches()) {
                    problems.add(who + ": \"" + shown(raw) + "\" " + SAFE_TEXT_RULE);
                    return null;
                }
                return v;
            }
        }
    }

    private static @Nullable String bounded(TemplateParam p, double n, String canonical, List<String> problems) {
        if (p.min() != null && n < p.min()) {
            problems.add(describe(p) + ": " + canonical + " is below the minimum " + number(p.min()) + ".");
            return null;
        }
        if (p.max() != null && n > p.max()) {
            problems.add(describe(p) + ": " + canonical + " is above the maximum " + number(p.max()) + ".");
            return null;
        }
        return canonical;
    }

    private static String describe(TemplateParam p) {
        return "Parameter \"" + p.name() + "\"";
    }

    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Bad input echoed back on one line, shortened, control characters made visible. */
    private static String shown(String raw) {
        String s = raw.length() > 60 ? raw.substring(0, 60) + "…" : raw;
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (Character.isISOControl(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
