package io.footbridge.console.web;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Brands;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import java.util.List;

/**
 * What every console page has: who is signed in, the sections, the stores to pick from and the picks, the
 * formats; and problems answered as a page with the status they carry, rather than the API's JSON.
 */
@ControllerAdvice(basePackages = "io.footbridge.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsolePages {

    /** Stores offered in the picker. */
    private static final int PICKABLE = 500;

    private final Stores stores;
    private final Brands brands;

    ConsolePages(Stores stores, Brands brands) {
        this.stores = stores;
        this.brands = brands;
    }

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        Actor actor = basics(request, model);
        if (actor == null) {
            return;
        }
        List<StoreRef> workingIn = stores.workingIn(actor, PICKABLE);
        model.addAttribute("stores", workingIn);
        model.addAttribute("picks", Picks.of(request, actor, stores, workingIn));
        model.addAttribute("periods", Picks.PERIODS);
    }

    /** What even a page about a problem has: the sections, who is signed in, the formats. */
    private Actor basics(HttpServletRequest request, Model model) {
        model.addAttribute("sections", Section.values());
        model.addAttribute("path", request.getRequestURI());
        model.addAttribute("fmt", new Formats(LocaleContextHolder.getLocale()));
        Actor actor = actor();
        if (actor != null) {
            model.addAttribute("actor", actor);
            model.addAttribute("brand", brands.of(actor.tenantId()));
        }
        return actor;
    }

    @ExceptionHandler(ProblemException.class)
    String problem(ProblemException problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        basics(request, model);
        response.setStatus(problem.status().value());
        model.addAttribute("status", problem.status().value());
        model.addAttribute("title", problem.title());
        model.addAttribute("errors", FormErrors.of(problem));
        return "console/problem";
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    String denied(HttpServletRequest request, HttpServletResponse response, Model model) {
        basics(request, model);
        response.setStatus(403);
        model.addAttribute("status", 403);
        return "console/refused";
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String mismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request, HttpServletResponse response,
                    Model model) {
        return problem(ProblemException.invalid(ex.getName(), "is not valid"), request, response, model);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    String missing(MissingServletRequestParameterException ex, HttpServletRequest request,
                   HttpServletResponse response, Model model) {
        return problem(ProblemException.invalid(ex.getParameterName(), "is required"), request, response, model);
    }

    /** An upload whose body is not a readable multipart form, or is larger than any import may be. */
    @ExceptionHandler(MultipartException.class)
    String unreadableUpload(MultipartException ex, HttpServletRequest request, HttpServletResponse response,
                            Model model) {
        if (ex instanceof MaxUploadSizeExceededException) {
            return problem(new ProblemException(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE,
                    "payload-too-large", "Payload too large", "The file is larger than an import may be.",
                    List.of()), request, response, model);
        }
        return problem(ProblemException.invalid("file", "is not a readable file upload"), request, response, model);
    }

    static Actor actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Actor actor ? actor : null;
    }
}
