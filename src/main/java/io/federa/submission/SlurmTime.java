package io.federa.submission;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's time-limit formats ({@code --time}): "minutes", "minutes:seconds", "hours:minutes:seconds",
 * "days-hours", "days-hours:minutes", "days-hours:minutes:seconds", and "UNLIMITED"/"INFINITE".
 * Seconds round up to the next minute, as Slurm does.
 */
public final class SlurmTime {

    /** A time limit in minutes; {@code unlimited} when the script asks for no limit. */
    public record Limit(int minutes, boolean unlimited) {
        public static final Limit UNLIMITED = new Limit(0, true);
    }

    private static final Pattern DAYS = Pattern.compile("(\\d+)-(\\d+)(?::(\\d+)(?::(\\d+))?)?");
    private static final Pattern CLOCK = Pattern.compile("(\\d+)(?::(\\d+)(?::(\\d+))?)?");

    private SlurmTime() {}

    /**
     * @throws IllegalArgumentException with words for people when {@code text} is no Slurm time
     */
    public static Limit parse(String text) {
        String t = text.trim();
        String upper = t.toUpperCase(Locale.ROOT);
        if (upper.equals("UNLIMITED") || upper.equals("INFINITE") || upper.equals("-1")) {
            return Limit.UNLIMITED;
        }
        long seconds;
        Matcher d = DAYS.matcher(t);
        Matcher c = CLOCK.matcher(t);
        try {
            // exact arithmetic: a huge field must be refused, never wrap around to a small limit
            if (d.matches()) {
                seconds = Math.addExact(
                        seconds(number(d.group(1)), 86_400, number(d.group(2)), 3_600),
                        seconds(number(d.group(3)), 60, number(d.group(4)), 1));
            } else if (c.matches()) {
                if (c.group(3) != null) { // hours:minutes:seconds
                    seconds = Math.addExact(
                            seconds(number(c.group(1)), 3_600, number(c.group(2)), 60), number(c.group(3)));
                } else { // minutes or minutes:seconds
                    seconds = seconds(number(c.group(1)), 60, number(c.group(2)), 1);
                }
            } else {
                throw notATime(text);
            }
        } catch (NumberFormatException e) {
            throw notATime(text);
        } catch (ArithmeticException e) {
            throw tooLong(text);
        }
        long minutes = seconds / 60 + (seconds % 60 == 0 ? 0 : 1); // rounds up without overflowing
        if (minutes > Integer.MAX_VALUE / 2) {
            throw tooLong(text);
        }
        return new Limit((int) minutes, false);
    }

    /** The limit in Slurm's own D-HH:MM:SS notation, for messages. */
    public static String format(int minutes) {
        int days = minutes / 1440;
        int hours = (minutes % 1440) / 60;
        int mins = minutes % 60;
        String clock = String.format(Locale.ROOT, "%02d:%02d:00", hours, mins);
        return days > 0 ? days + "-" + clock : clock;
    }

    /** {@code a * unitA + b * unitB}, or ArithmeticException past {@code Long.MAX_VALUE}. */
    private static long seconds(long a, long unitA, long b, long unitB) {
        return Math.addExact(Math.multiplyExact(a, unitA), Math.multiplyExact(b, unitB));
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("the time limit \"" + text + "\" is far too long");
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    private static IllegalArgumentException notATime(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a Slurm time limit (write minutes, MM:SS, "
                + "HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS, e.g. 90 or 1-12:00:00)");
    }
}
