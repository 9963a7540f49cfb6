package io.footbridge.hosted.portal;

import io.footbridge.platform.Brand;
import io.footbridge.platform.HostedPages;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The splash page real access points send guests to: Meraki's click-through splash URL, UniFi's external portal
 * server path and openNDS's FAS path all lead to the same form.
 */
@Controller
@Hidden
class PortalController {

    private final Portal portal;
    private final Gateways gateways;
    private final WifiRepository repository;
    private final HostedPages pages;

    PortalController(Portal portal, Gateways gateways, WifiRepository repository, HostedPages pages) {
        this.portal = portal;
        this.gateways = gateways;
        this.repository = repository;
        this.pages = pages;
    }

    @GetMapping("/wifi/meraki/{key}")
    ModelAndView meraki(@PathVariable String key, @RequestParam Map<String, String> params,
                        HttpServletRequest request, HttpServletResponse response) {
        return arrive(key, gateways.meraki(params), request, response);
    }

    /** UniFi's external portal is a host, not a URL: the key is the first label of the host name guests were sent to. */
    @GetMapping({"/guest/s/{site}/", "/guest/s/{site}"})
    ModelAndView unifi(@PathVariable String site, @RequestParam Map<String, String> params,
                       HttpServletRequest request, HttpServletResponse response) {
        String host = request.getServerName();
        String key = host == null || host.indexOf('.') < 0 ? null : host.substring(0, host.indexOf('.'));
        return arrive(key, gateways.unifi(site, params), request, response);
    }

    @GetMapping("/wifi/opennds/{key}")
    ModelAndView openNds(@PathVariable String key, @RequestParam(required = false) String fas,
                         @RequestParam(required = false) String iv, HttpServletRequest request,
                         HttpServletResponse response) {
        return arrive(key, gateways.openNds(portal.openNdsGateway(key), fas, iv), request, response);
    }

    /** The portal URLs from before access points had keys: their guests land in no tenant. */
    @GetMapping({"/wifi/meraki", "/wifi/opennds"})
    ModelAndView withoutKey() {
        throw Portal.notSetUp();
    }

    @PostMapping("/wifi/login")
    ModelAndView login(@ModelAttribute LoginForm form, HttpServletRequest request, HttpServletResponse response,
                       @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent) {
        if (form.state() == null || form.state().length() > 4096
                || form.contact() != null && form.contact().length() > 1000) {
            throw PortalProblem.badRequest("state missing or fields oversize");
        }
        Portal.Outcome outcome = portal.login(form, request.getRemoteAddr(), userAgent, pages.baseUrl());
        return show(outcome, request, response, HttpStatus.BAD_REQUEST);
    }

    @GetMapping("/wifi/online")
    ModelAndView online(@RequestParam(required = false) UUID ap, HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        Brand brand = ap == null ? null : repository.nodeById(ap).map(portal::brand).orElse(null);
        if (brand != null) {
            HostedPages.speak(request, brand);
        }
        model.put("brand", brand);
        return new ModelAndView("wifi/online", model, HttpStatus.OK);
    }

    @ExceptionHandler(PortalProblem.class)
    ModelAndView problem(PortalProblem problem, HttpServletResponse response) {
        noStore(response);
        return new ModelAndView("wifi/problem", Map.of("messageKey", problem.messageKey()), problem.status());
    }

    private ModelAndView arrive(String key, PortalVisit visit, HttpServletRequest request,
                                HttpServletResponse response) {
        Portal.Outcome outcome = portal.arrive(key, visit, request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT), pages.baseUrl());
        return show(outcome, request, response, HttpStatus.OK);
    }

    private ModelAndView show(Portal.Outcome outcome, HttpServletRequest request, HttpServletResponse response,
                              HttpStatus formStatus) {
        noStore(response);
        if (outcome.redirect() != null) {
            response.setStatus(HttpStatus.FOUND.value());
            response.setHeader(HttpHeaders.LOCATION, outcome.redirect());
            return null;
        }
        Portal.Form form = outcome.form();
        HostedPages.speak(request, form.brand());
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("brand", form.brand());
        model.put("wording", form.wording());
        return new ModelAndView("wifi/portal", model, form.errors().isEmpty() ? HttpStatus.OK : formStatus);
    }

    /** A captive portal's pages belong to one device and one moment. */
    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    }
}
