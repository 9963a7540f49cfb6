package io.footbridge.capture.product;

import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The tenant's product catalogue: sales reference it by SKU, the analytics cut by its categories. */
@Service
public class Products {

    /** Letters, digits and {@code . _ - :}, so a SKU can stand in a URL path as it is. */
    public static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    public record Outcome(Product product, boolean created) {
    }

    private final ProductRepository repository;
    private final AuditLog audit;

    Products(ProductRepository repository, AuditLog audit) {
        this.repository = repository;
        this.audit = audit;
    }

    /** Creates or replaces a product; the CSV import calls this row by row without auditing each one. */
    @Transactional
    public Outcome put(Actor actor, String sku, ProductRequest request, boolean audited) {
        List<FieldError> errors = problems(sku, request);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        var now = Timestamps.now();
        boolean created = repository.update(actor.tenantId(), sku, request, now) == 0;
        if (created) {
            try {
                repository.insert(actor.tenantId(), sku, request, now);
            } catch (DuplicateKeyException raced) {
                repository.update(actor.tenantId(), sku, request, now);
                created = false;
            }
        }
        if (audited) {
            audit.record(actor, created ? "product.created" : "product.updated", "product", sku, java.util.Map.of());
        }
        return new Outcome(repository.find(actor.tenantId(), sku).orElseThrow(), created);
    }

    static List<FieldError> problems(String sku, ProductRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (sku == null || !SKU.matcher(sku).matches()) {
            errors.add(new FieldError("sku", "must be 1–64 letters, digits or . _ - : (starting with a letter or digit)"));
        }
        if (request.price() != null && request.currency() == null) {
            errors.add(new FieldError("currency", "is required with a price"));
        }
        if (request.url() != null && request.url().matches("https?://\\S+") && !webUrl(request.url())) {
            errors.add(new FieldError("url", "is not a valid http(s) URL (a page address with a host, characters"
                    + " such as | { } escaped)"));
        }
        return errors;
    }

    /**
     * Whether a product page address is one a browser can be sent to: an absolute http(s) URI with a host that
     * parses as it stands (the shoppable links of journeys redirect to it).
     */
    public static boolean webUrl(String url) {
        if (url == null || url.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException notAUri) {
            return false;
        }
    }

    public Product get(Actor actor, String sku) {
        return repository.find(actor.tenantId(), sku).orElseThrow(() -> ProblemException.notFound("product", sku));
    }

    List<Product> list(Actor actor, String category, String text, boolean includeArchived, String after, int limit) {
        return repository.list(actor.tenantId(), category, blankToNull(text), includeArchived, after, limit);
    }

    @Transactional
    public void archive(Actor actor, String sku) {
        if (repository.archive(actor.tenantId(), sku) == 0) {
            get(actor, sku); // 404 for an unknown SKU; archiving twice is fine
            return;
        }
        audit.record(actor, "product.archived", "product", sku, java.util.Map.of());
    }

    /** The catalogue entries of these SKUs, archived ones included: an old sale still names its products. */
    public Map<String, Product> find(UUID tenantId, Collection<String> skus) {
        if (skus.isEmpty()) {
            return Map.of();
        }
        return repository.findAll(tenantId, skus).stream()
                .collect(Collectors.toMap(Product::sku, Function.identity()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
