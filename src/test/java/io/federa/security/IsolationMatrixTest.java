package io.federa.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.security.IsolationMatrix.Role;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The isolation matrix's own checks (a test of the test): a page or handler without a row fails it, and so does any cell that answers otherwise. */
class IsolationMatrixTest {

    final IsolationMatrix matrix = IsolationMatrix.standard();

    @Test
    void a_page_or_handler_without_a_row_fails_the_matrix() {
        Set<String> discovered = new TreeSet<>(matrix.keys());
        assertThat(matrix.missingRows(discovered)).isEmpty();

        discovered.add("GET /api/not-built/{id}");
        discovered.add("PAGE not-built/:id");
        assertThat(matrix.missingRows(discovered))
                .containsExactly(
                        "no row for GET /api/not-built/{id}: add one to IsolationMatrix.TABLE",
                        "no row for PAGE not-built/:id: add one to IsolationMatrix.TABLE");
    }

    @Test
    void a_cell_that_answers_otherwise_fails_the_matrix() {
        assertThat(matrix.check("GET /api/runs/{id}", Role.OTHER_TEAM, "http", 404))
                .isEmpty();
        assertThat(matrix.check("GET /api/runs/{id}", Role.OTHER_TEAM, "http", 200))
                .containsExactly("GET /api/runs/{id} as OTHER_TEAM (http): expected 404, got 200");
        assertThat(matrix.check("PAGE admin/audit", Role.APPROVER, "browser", 200))
                .containsExactly("PAGE admin/audit as APPROVER (browser): expected 403, got 200");
    }

    @Test
    void every_row_has_a_cell_for_every_role_and_the_root_page_has_its_row() {
        for (String key : matrix.keys()) {
            for (Role role : Role.values()) {
                assertThat(matrix.expected(key, role)).as(key + " " + role).isNotNegative();
            }
        }
        assertThat(matrix.keys()).contains("PAGE ");
        assertThatThrownBy(() -> new IsolationMatrix("GET /api/x 401 200"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> matrix.expected("GET /api/nowhere", Role.OWNER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_row_no_page_or_handler_has_any_more_is_reported() {
        Set<String> discovered = new TreeSet<>(matrix.keys());
        discovered.remove("GET /api/csrf");
        assertThat(matrix.staleRows(discovered)).containsExactly("row without page or handler: GET /api/csrf");
    }
}
