package io.federa.notebooks.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slurm's node lists as the mirror has them: {@code c1n1}, {@code c1n[1-3,7]}, {@code a1,b[01-02]}. */
final class SlurmHostlist {

    private static final Pattern GROUP = Pattern.compile("([^,\\[]+)(?:\\[([^\\]]+)\\])?");

    private SlurmHostlist() {}

    static List<String> expand(String nodes) {
        var names = new ArrayList<String>();
        Matcher m = GROUP.matcher(nodes.strip());
        while (m.find()) {
            String prefix = m.group(1).strip();
            if (prefix.isEmpty()) {
                continue;
            }
            if (m.group(2) == null) {
                names.add(prefix);
                continue;
            }
            for (String range : m.group(2).split(",")) {
                String[] ends = range.split("-", 2);
                if (ends.length == 1) {
                    names.add(prefix + ends[0]);
                    continue;
                }
                int width = ends[0].length();
                int from = Integer.parseInt(ends[0]);
                int to = Integer.parseInt(ends[1]);
                for (int i = from; i <= to && names.size() < 10_000; i++) {
                    names.add(prefix + String.format("%0" + width + "d", i));
                }
            }
        }
        return names;
    }
}
