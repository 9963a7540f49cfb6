package io.footbridge.console.home;

import io.footbridge.console.HomeFigures;
import io.footbridge.console.web.Picks;
import io.footbridge.platform.Actor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The home page: the picked stores' figures for the picked period, against the period before. */
@Controller
class HomePage {

    private final HomeFigures figures;

    HomePage(HomeFigures figures) {
        this.figures = figures;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks, Model model) {
        model.addAttribute("home", figures.of(actor, picks.query()));
        model.addAttribute("charts", true);
        return "console/home";
    }
}
