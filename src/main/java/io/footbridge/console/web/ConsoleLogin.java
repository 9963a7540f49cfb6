package io.footbridge.console.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.http.HttpStatus;

import java.util.Arrays;

/** The login page, the page of a refused request, and the start pages of sections that have no pages yet. */
@Controller
class ConsoleLogin {

    /** After a failed sign-in the login filter sends the browser back here with {@code error} or {@code locked}. */
    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
                 @RequestParam(required = false) String logout, Model model) {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (ConsolePages.actor() != null && signedIn.isAuthenticated()) {
            return "redirect:/";
        }
        model.addAttribute("error", error != null);
        model.addAttribute("locked", locked != null);
        model.addAttribute("logout", logout != null);
        return "console/login";
    }

    /** Any method: a refused form post lands here too. */
    @RequestMapping("/console/refused")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String refused() {
        return "console/refused";
    }

    @GetMapping("/console/{section:stores|convert|data}")
    String section(@PathVariable String section, Model model) {
        Section shown = Arrays.stream(Section.values()).filter(s -> s.key().equals(section)).findFirst().orElseThrow();
        model.addAttribute("shown", shown);
        return "console/section";
    }
}
