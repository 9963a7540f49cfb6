package io.footbridge.receipts.receipt;

import io.footbridge.platform.HostedPages;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The customer's receipt at {@code /r/{token}}: the store, the lines, discounts, taxes and totals, refunds and a
 * void, and the calls to action this customer may see. {@code /r/{token}/go/{cta}} counts a call to action's click,
 * puts it on the customer's timeline and sends them on. Link previews and bots count nothing and claim nothing.
 * {@link ReceiptPages} does the work; this controller reads the request and picks the page.
 */
@Controller
@Hidden
class ReceiptPageController {

    private static final Pattern BOT = Pattern.compile(
            "(?i)bot\\b|crawler|spider|slurp|facebookexternalhit|embedly|linkpreview|whatsapp|skypeuripreview");

    private final ReceiptPages pages;

    ReceiptPageController(ReceiptPages pages) {
        this.pages = pages;
    }

    @GetMapping("/r/{token}")
    ModelAndView page(@PathVariable String token,
                      @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
                      HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        return pages.show(token, human(request, userAgent)).map(page -> {
            HostedPages.speak(request, page.brand());
            Map<String, Object> model = new HashMap<>();
            model.put("brand", page.brand());
            model.put("receipt", page.receipt());
            model.put("hours", page.hours());
            model.put("ctas", page.ctas());
            model.put("coupon", page.coupon());
            model.put("surveyAnswered", page.surveyAnswered());
            return new ModelAndView("receipts/receipt", model, HttpStatus.OK);
        }).orElseGet(ReceiptPageController::unknown);
    }

    @GetMapping("/r/{token}/go/{cta}")
    ModelAndView go(@PathVariable String token, @PathVariable String cta,
                    @RequestParam(name = "via", required = false) String via,
                    @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
                    HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        ReceiptPages.Followed followed = pages.follow(token, cta, "message".equals(via), human(request, userAgent));
        if (followed instanceof ReceiptPages.SendTo sendTo) {
            response.setStatus(HttpStatus.FOUND.value());
            response.setHeader(HttpHeaders.LOCATION, sendTo.url());
            return null;
        }
        if (followed instanceof ReceiptPages.Unavailable unavailable) {
            HostedPages.speak(request, unavailable.brand());
            Map<String, Object> model = new HashMap<>();
            model.put("brand", unavailable.brand());
            model.put("messageKey", "receipt.reward.unavailable");
            model.put("back", unavailable.back());
            return new ModelAndView("receipts/problem", model, HttpStatus.CONFLICT);
        }
        return unknown();
    }

    private static boolean human(HttpServletRequest request, String userAgent) {
        return !"HEAD".equals(request.getMethod()) && (userAgent == null || !BOT.matcher(userAgent).find());
    }

    private static ModelAndView unknown() {
        Map<String, Object> model = new HashMap<>();
        model.put("brand", null);
        model.put("messageKey", "receipt.unknown");
        return new ModelAndView("receipts/problem", model, HttpStatus.NOT_FOUND);
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    }
}
