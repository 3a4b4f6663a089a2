package io.federa.identity.internal;

import io.federa.shared.PlainPages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/** Says why a login was refused (ADR 18); the reason comes from the session, never from the URL. */
@Controller
class LoginRefusedPage {

    @GetMapping(SecurityConfiguration.LOGIN_REFUSED_PATH)
    void show(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        Object reason = session == null ? null : session.getAttribute(SecurityConfiguration.LOGIN_REFUSED_REASON);
        String text = reason instanceof String s ? s : "The portal refused your login.";
        PlainPages.answer(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                "login-refused",
                "Login refused",
                "<p>" + HtmlUtils.htmlEscape(text) + "</p><p><a href=\"" + request.getContextPath()
                        + "/\">Log in again</a> once a portal admin has confirmed it.</p>");
    }
}
