package io.federa.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

class OidcClaimsTest {

    @Test
    void maps_known_realm_roles_to_role_authorities_and_drops_the_rest() {
        var authorities = OidcClaims.authorities(
                Map.of("roles", List.of("data-scientist", "default-roles-portal", "offline_access")));
        assertThat(authorities).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_data-scientist");
    }

    @Test
    void a_missing_groups_claim_means_no_teams() {
        assertThat(OidcClaims.groups(Map.of("sub", "x"))).isEmpty();
        assertThat(OidcClaims.authorities(Map.of())).isEmpty();
    }

    @Test
    void group_paths_become_team_names() {
        assertThat(OidcClaims.groups(Map.of("groups", List.of("/team-a", "team-b", ""))))
                .containsExactly("team-a", "team-b");
    }
}
