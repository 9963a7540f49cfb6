package io.footbridge.feedback.survey;

import io.footbridge.platform.Brand;
import io.footbridge.platform.HostedPages;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.util.HashMap;
import java.util.Map;

/**
 * The survey customers answer: {@code /s/{code}} (the open link, for QR codes; {@code ?store=CODE} names the
 * store) and {@code /s/t/{token}} (about one receipt or invitation, answerable once). Each form carries a signed
 * state with its own id, so a form sent twice is one answer and nothing in it can be swapped. No JavaScript needed.
 * {@link SurveyPageService} does the work; this controller reads the request and picks the page.
 */
@Controller
@Hidden
class SurveyPageController {

    private final SurveyPageService pages;

    SurveyPageController(SurveyPageService pages) {
        this.pages = pages;
    }

    @GetMapping("/s/{code}")
    ModelAndView open(@PathVariable String code, @RequestParam(name = "store", required = false) String store,
                      HttpServletRequest request, HttpServletResponse response) {
        return render(pages.openForm(code, store), request, response);
    }

    @PostMapping("/s/{code}")
    ModelAndView answerOpen(@PathVariable String code, @RequestParam(name = "store", required = false) String store,
                            @RequestParam MultiValueMap<String, String> form, HttpServletRequest request,
                            HttpServletResponse response) {
        return render(pages.answerOpen(code, store, form, request.getRemoteAddr()), request, response);
    }

    @GetMapping("/s/t/{token}")
    ModelAndView personal(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        return render(pages.personalForm(token), request, response);
    }

    @PostMapping("/s/t/{token}")
    ModelAndView answerPersonal(@PathVariable String token, @RequestParam MultiValueMap<String, String> form,
                                HttpServletRequest request, HttpServletResponse response) {
        return render(pages.answerPersonal(token, form, request.getRemoteAddr()), request, response);
    }

    /** A promoter's way to the review page: counted, then sent on. */
    @GetMapping("/s/review/{token}")
    ModelAndView review(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        return render(pages.review(token), request, response);
    }

    private static ModelAndView render(SurveyPageService.Page page, HttpServletRequest request,
                                       HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        Map<String, Object> model = new HashMap<>();
        if (page instanceof SurveyPageService.Redirect redirect) {
            response.setStatus(HttpStatus.FOUND.value());
            response.setHeader(HttpHeaders.LOCATION, redirect.url());
            return null;
        }
        if (page instanceof SurveyPageService.Problem problem) {
            speak(problem.brand(), request, model);
            model.put("messageKey", problem.messageKey());
            return new ModelAndView("feedback/problem", model, problem.status());
        }
        if (page instanceof SurveyPageService.Thanks thanks) {
            speak(thanks.brand(), request, model);
            model.put("group", thanks.group());
            model.put("couponCode", thanks.couponCode());
            model.put("couponUrl", thanks.couponUrl());
            model.put("couponText", thanks.couponText());
            model.put("review", thanks.review());
            model.put("caseReference", thanks.caseReference());
            model.put("caseUrl", thanks.caseUrl());
            return new ModelAndView("feedback/thanks", model, HttpStatus.OK);
        }
        SurveyPageService.Form form = (SurveyPageService.Form) page;
        speak(form.brand(), request, model);
        model.put("title", form.title());
        model.put("intro", form.intro());
        model.put("npsQuestion", form.npsQuestion());
        model.put("commentQuestion", form.commentQuestion());
        model.put("questions", form.questions());
        model.put("askContact", form.askContact());
        model.put("maxComment", Definition.MAX_COMMENT);
        model.put("maxText", Definition.MAX_TEXT);
        model.put("action", form.action());
        model.put("state", form.state());
        model.put("values", form.values());
        model.put("errors", form.errors());
        model.put("store", form.store());
        return new ModelAndView("feedback/survey", model, form.status());
    }

    /** The page speaks the brand's language, when it knows the brand. */
    private static void speak(Brand brand, HttpServletRequest request,
                              Map<String, Object> model) {
        model.put("brand", brand);
        if (brand != null) {
            HostedPages.speak(request, brand);
        }
    }
}
