package io.federa.shell;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * REST controllers may take the logged-in {@link CurrentUser} as a parameter. Modules that may use
 * tenancy but not identity's services (ADR 15) thereby get who is asking from the web layer, the way
 * views get it from the page that renders them, and pass it on to tenancy's checks (ADR 22).
 */
@Configuration
class CurrentUserArguments implements WebMvcConfigurer {

    private final CurrentUsers users;

    CurrentUserArguments(CurrentUsers users) {
        this.users = users;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType().equals(CurrentUser.class);
            }

            @Override
            public Object resolveArgument(
                    MethodParameter parameter,
                    ModelAndViewContainer mav,
                    NativeWebRequest request,
                    WebDataBinderFactory binders) {
                return users.current().orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
            }
        });
    }
}
