package io.federa.identity.internal;

import io.federa.identity.OidcClaims;
import java.util.HashSet;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Runs once per login: turns Keycloak's realm roles into portal authorities and records the login
 * (person, team memberships) before the first page is shown, or refuses it (ADR 18).
 */
@Component
class FederaOidcUserService extends OidcUserService {

    private final LoginRecorder recorder;

    FederaOidcUserService(LoginRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser loaded = super.loadUser(request);
        Set<GrantedAuthority> authorities = new HashSet<>(loaded.getAuthorities());
        authorities.addAll(OidcClaims.authorities(loaded.getClaims()));
        var user = new DefaultOidcUser(authorities, loaded.getIdToken(), loaded.getUserInfo());
        try {
            recorder.record(OidcClaims.toCurrentUser(user, authorities));
        } catch (LoginRefusedException e) {
            // the failure handler shows the reason on /login-refused
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(LoginRefusedException.ERROR_CODE, e.userMessage(), null), e.userMessage(), e);
        }
        return user;
    }
}
