package io.federa.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.federa.runs.SweepParameter.Choice;
import io.federa.runs.SweepParameter.FloatRange;
import io.federa.runs.SweepParameter.IntRange;
import io.federa.runs.SweepParameter.Scale;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parameter-space notation, and that no line of it can make the parser work harder than its length. */
class SweepSpaceTest {

    /** Lines written to make a backtracking parser of "from..to" work quadratically or worse. */
    private static final List<String> ADVERSARIAL = List.of(
            "x=" + ".".repeat(SweepSpace.MAX_LINE - 3) + "x",
            "x=" + "1.".repeat((SweepSpace.MAX_LINE - 3) / 2) + "x",
            "x=1.." + ".".repeat(SweepSpace.MAX_LINE - 6) + "x",
            "x=" + "e".repeat(SweepSpace.MAX_LINE - 5) + "..x",
            "x=1.." + "2".repeat(SweepSpace.MAX_LINE - 20) + " log " + " ".repeat(5) + "x y",
            "x" + " ".repeat(SweepSpace.MAX_LINE - 3) + "=1",
            "x".repeat(SweepSpace.MAX_LINE),
            "=".repeat(SweepSpace.MAX_LINE));

    @Test
    void choices_and_ranges_are_read_as_before() {
        List<SweepParameter> parameters = SweepSpace.parse("""
                # a comment
                lr = 0.001, 0.01, 0.1
                epochs = 1..3
                batch=0 .. 10 step 2
                wd = 0.0001..0.1 log 4
                dropout = 0.1..0.5 linear 5

                opt=adam,sgd
                """);

        assertThat(parameters)
                .containsExactly(
                        new Choice("lr", List.of("0.001", "0.01", "0.1")),
                        new IntRange("epochs", 1, 3, 1),
                        new IntRange("batch", 0, 10, 2),
                        new FloatRange("wd", 0.0001, 0.1, 4, Scale.LOG),
                        new FloatRange("dropout", 0.1, 0.5, 5, Scale.LINEAR),
                        new Choice("opt", List.of("adam", "sgd")));
        assertThat(SweepSpace.parse(SweepSpace.format(parameters))).isEqualTo(parameters);
    }

    @Test
    void lines_outside_the_notation_are_listed_with_their_numbers() {
        assertThatThrownBy(() -> SweepSpace.parse("lr 0.1\nx =\nmy lr = 1\ny = 1..2 step 0.5\nz = 1..2 cubic 3"))
                .isInstanceOfSatisfying(
                        InvalidSweepException.class,
                        e -> assertThat(e.problems())
                                .satisfiesExactly(
                                        p -> assertThat(p).startsWith("Line 1 (\"lr 0.1\"): write name = values"),
                                        p -> assertThat(p).startsWith("Line 2 (\"x =\"): give values after the ="),
                                        p -> assertThat(p).startsWith("Line 3 (\"my lr = 1\"): write name = values"),
                                        p -> assertThat(p)
                                                .contains("Line 4")
                                                .contains("the step must be a whole number"),
                                        p -> assertThat(p).contains("Line 5").contains("a range is from..to")));
    }

    @Test
    void a_100_KB_crafted_line_is_refused_by_the_line_limit_at_once() {
        String crafted = "x=" + ".".repeat(100 * 1024) + "x";
        String largest = "x=" + ".".repeat(90_000 - 3) + "x";

        InvalidSweepException refused = assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> catchInvalid(() -> SweepSpace.parse("lr = 0.1\n" + largest)));

        assertThat(refused.problems())
                .singleElement()
                .asString()
                .startsWith(
                        "Line 2 has 90,000 characters; a parameter line may have at most " + SweepSpace.MAX_LINE + ".");
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> catchInvalid(() -> SweepSpace.parse(crafted)))
                        .problems())
                .singleElement()
                .asString()
                .contains("at most 100 k characters");
    }

    @Test
    void the_longest_crafted_lines_are_parsed_in_linear_time() {
        var text = new StringBuilder();
        for (int i = 0; text.length() + SweepSpace.MAX_LINE + 1 <= SweepSpace.MAX_CHARS; i++) {
            text.append(ADVERSARIAL.get(i % ADVERSARIAL.size())).append('\n');
        }
        assertThat(text.length()).isGreaterThan(95_000);

        // CPU time of this thread, best of 5: a busy machine delays the parse but does not make it work
        // more; a backtracking parser needs seconds of CPU for this text
        var cpu = ManagementFactory.getThreadMXBean();
        long best = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            long fastest = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long start = cpu.getCurrentThreadCpuTime();
                InvalidSweepException e = catchInvalid(() -> SweepSpace.parse(text.toString()));
                fastest = Math.min(fastest, cpu.getCurrentThreadCpuTime() - start);
                assertThat(e.problems()).isNotEmpty();
            }
            return fastest;
        });

        assertThat(Duration.ofNanos(best)).isLessThan(Duration.ofMillis(50));
    }

    private static InvalidSweepException catchInvalid(Runnable parse) {
        try {
            parse.run();
        } catch (InvalidSweepException e) {
            return e;
        }
        throw new AssertionError("expected the text to be refused");
    }
}
