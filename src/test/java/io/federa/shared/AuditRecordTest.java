package io.federa.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

    @Test
    void values_under_secret_names_are_masked_unless_they_only_say_what_happened_to_the_secret() {
        var r = AuditRecord.success(Actor.person("carol"), Instant.now(), "cluster.changed", "cluster", "c1")
                .before(Map.of("secret", "set", "password", "hunter2", "restUrl", "http://c1:6820"))
                .after(Map.of("secret", "replaced", "clientSecret", "federa-demo-secret", "apiKey", "abc"));
        assertThat(r.before())
                .containsEntry("secret", "set")
                .containsEntry("password", "[redacted]")
                .containsEntry("restUrl", "http://c1:6820");
        assertThat(r.after())
                .containsEntry("secret", "replaced")
                .containsEntry("clientSecret", "[redacted]")
                .containsEntry("apiKey", "[redacted]");
    }

    @Test
    void token_shaped_values_and_reasons_are_masked_wherever_they_appear() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQ";
        var r = AuditRecord.success(Actor.person("alice"), Instant.now(), "x.done", "x", "1")
                .after(Map.of("note", "sent Authorization: Bearer abc.def.ghi and " + jwt))
                .failed("refused token " + jwt);
        assertThat(r.after().get("note"))
                .doesNotContain(jwt)
                .doesNotContain("abc.def.ghi")
                .contains("[redacted]");
        assertThat(r.reason()).doesNotContain(jwt);
    }

    @Test
    void the_time_keeps_microseconds_as_the_database_does_and_the_id_survives_every_change() {
        var r = AuditRecord.success(Actor.system(), Instant.parse("2026-12-03T10:00:00.123456789Z"), "a.b", "t", "i");
        assertThat(r.at()).isEqualTo(Instant.parse("2026-12-03T10:00:00.123456Z"));
        assertThat(r.team("team-a").refused("no").id()).isEqualTo(r.id());
    }

    @Test
    void a_problem_type_is_named_after_the_exception() {
        assertThat(Problems.slugOf(NotAllowedException.class)).isEqualTo("not-allowed");
        assertThat(Problems.slugOf("NOT FOUND")).isEqualTo("not-found");
    }
}
