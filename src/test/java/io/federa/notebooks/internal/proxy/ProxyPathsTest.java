package io.federa.notebooks.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyPathsTest {

    static final URI BASE = URI.create("http://127.0.0.1:8888/notebook/team-a/nb/");

    @Test
    void splits_the_notebook_id_from_the_rest_and_refuses_ids_the_portal_does_not_make() {
        assertThat(ProxyPaths.parse("/notebooks/nb-1/api/status"))
                .hasValue(new ProxyPaths.Parsed("nb-1", "api/status"));
        assertThat(ProxyPaths.parse("/notebooks/nb-1")).hasValue(new ProxyPaths.Parsed("nb-1", null));
        assertThat(ProxyPaths.parse("/notebooks/nb-1/")).hasValue(new ProxyPaths.Parsed("nb-1", ""));
        assertThat(ProxyPaths.parse("/notebooks/..%2f/x")).isEmpty();
        assertThat(ProxyPaths.parse("/notebooks/%2e%2e/x")).isEmpty();
        assertThat(ProxyPaths.parse("/notebooks//x")).isEmpty();
        assertThat(ProxyPaths.parse("/other/nb-1/")).isEmpty();
    }

    @Test
    void the_proxy_owns_paths_below_a_notebook_id_and_leaves_the_notebooks_pages_alone() {
        assertThat(ProxyPaths.proxied("/notebooks/nb-1/")).isTrue();
        assertThat(ProxyPaths.proxied("/notebooks/nb-1/api/status")).isTrue();
        assertThat(ProxyPaths.proxied("/notebooks")).isFalse();
        assertThat(ProxyPaths.proxied("/notebooks/")).isFalse();
        assertThat(ProxyPaths.proxied("/notebooks/new")).isFalse();
    }

    @Test
    void the_target_is_the_base_plus_the_rest_and_the_query() {
        assertThat(ProxyPaths.target(BASE, "api/contents/a%20b.txt", "content=1"))
                .hasValue(URI.create("http://127.0.0.1:8888/notebook/team-a/nb/api/contents/a%20b.txt?content=1"));
        assertThat(ProxyPaths.target(BASE, "", null)).hasValue(BASE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x", "a/../../x", "%2e%2e/x", "%2E%2e/x", "..;/x", "a/..%2fx", "a%2Fb", "%5c%5cevil/x",
                        "/evil.example/x",
                "//evil.example/x", "a//b", "a\\b", "%252e%252e/x", "a%00b", "a b", "a#frag", "http://evil.example/x",
                        "./x"
            })
    void a_rest_that_would_leave_the_base_goes_nowhere(String rest) {
        assertThat(ProxyPaths.target(BASE, rest, null)).isEmpty();
    }

    @Test
    void a_colon_or_at_sign_stays_below_the_base() {
        assertThat(ProxyPaths.target(BASE, "http:x", null)).hasValue(URI.create(BASE + "http:x"));
        assertThat(ProxyPaths.target(BASE, "@evil.example/x", null)).hasValue(URI.create(BASE + "@evil.example/x"));
    }

    @Test
    void locations_map_the_upstream_base_to_the_browser_prefix_and_lose_the_token() {
        String prefix = "/notebooks/nb-1/";
        assertThat(ProxyPaths.location("/notebook/team-a/nb/tree?token=abc", BASE, prefix))
                .isEqualTo(prefix + "tree");
        assertThat(ProxyPaths.location("http://127.0.0.1:8888/notebook/team-a/nb/tree?a=1&token=x", BASE, prefix))
                .isEqualTo(prefix + "tree?a=1");
        assertThat(ProxyPaths.location("/notebook/team-a/nb", BASE, prefix)).isEqualTo(prefix);
        assertThat(ProxyPaths.location("/elsewhere", BASE, prefix)).isEqualTo(prefix);
        assertThat(ProxyPaths.location("tree", BASE, prefix)).isEqualTo("tree");
        assertThat(ProxyPaths.location("https://example.org/x", BASE, prefix)).isEqualTo("https://example.org/x");
    }

    @Test
    void set_cookie_keeps_xsrf_scoped_to_the_prefix_and_drops_the_login_cookie_and_any_with_the_token() {
        String prefix = "/notebooks/nb-1/";
        assertThat(ProxyPaths.setCookie(
                        "_xsrf=2|ab|cd|1; expires=Sun, 01 Jan 2040 00:00:00 GMT; Path=/notebook/team-a/nb/",
                        "tok",
                        prefix))
                .isEqualTo("_xsrf=2|ab|cd|1; expires=Sun, 01 Jan 2040 00:00:00 GMT; Path=" + prefix);
        assertThat(ProxyPaths.setCookie("username-127-0-0-1-8888=\"2|x\"; HttpOnly; Path=/", "tok", prefix))
                .isNull();
        assertThat(ProxyPaths.setCookie("other=has-secret-tok; Path=/", "secret-tok", prefix))
                .isNull();
        assertThat(ProxyPaths.setCookie("JSESSIONID=x; Path=/", "tok", prefix)).isNull();
    }

    @Test
    void replacing_finds_patterns_split_across_writes_and_masks_the_token_with_the_same_length() throws Exception {
        var out = new ByteArrayOutputStream();
        var replacing = new Replacing(out, Map.of("secret-token", Replacing.mask("secret-token")));
        byte[] text = "a secret-token b secret-tok".getBytes(StandardCharsets.UTF_8);
        for (byte b : text) {
            replacing.write(new byte[] {b}, 0, 1);
        }
        replacing.finish();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a ************ b secret-tok");
        assertThat(out.size()).isEqualTo(text.length);

        var html = new ByteArrayOutputStream();
        var paths = new Replacing(html, Map.of("/notebook/team-a/nb/", "/notebooks/nb-1/"));
        byte[] page = "<body data-base-url=\"/notebook/team-a/nb/\"><script src=\"/notebook/team-a/nb/static/x.js\">"
                .getBytes(StandardCharsets.UTF_8);
        paths.write(page, 0, 30);
        paths.write(page, 30, page.length - 30);
        paths.finish();
        assertThat(html.toString(StandardCharsets.UTF_8))
                .isEqualTo("<body data-base-url=\"/notebooks/nb-1/\"><script src=\"/notebooks/nb-1/static/x.js\">");
    }
}
