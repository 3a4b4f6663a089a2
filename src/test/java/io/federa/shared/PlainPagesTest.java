package io.federa.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class PlainPagesTest {

    @Test
    void answers_with_the_status_and_a_standalone_page_that_is_not_cached() throws Exception {
        var response = new MockHttpServletResponse();

        PlainPages.answer(response, 404, "no-such-run", "No such run", "<p>Gone.</p>\n");

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).isEqualTo("text/html;charset=UTF-8");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getContentAsString())
                .contains("<title>No such run · Federa</title>")
                .contains("<main id=\"no-such-run\">\n<h2>No such run</h2>\n<p>Gone.</p>\n</main>");
    }

    @Test
    void a_page_load_is_a_get_that_accepts_html() {
        var load = new MockHttpServletRequest("GET", "/runs/r-abc");
        load.addHeader("Accept", "text/html,application/xhtml+xml");
        var api = new MockHttpServletRequest("GET", "/api/runs");
        api.addHeader("Accept", "application/json");
        var post = new MockHttpServletRequest("POST", "/runs");
        post.addHeader("Accept", "text/html");

        assertThat(PlainPages.isHtmlPageLoad(load)).isTrue();
        assertThat(PlainPages.isHtmlPageLoad(api)).isFalse();
        assertThat(PlainPages.isHtmlPageLoad(post)).isFalse();
        assertThat(PlainPages.isHtmlPageLoad(new MockHttpServletRequest("GET", "/")))
                .isFalse();
    }

    @Test
    void the_path_leaves_out_the_context_path() {
        var request = new MockHttpServletRequest("GET", "/portal/usage");
        request.setContextPath("/portal");

        assertThat(PlainPages.path(request)).isEqualTo("/usage");
    }
}
