package io.footbridge.platform;

import org.springframework.core.annotation.AnnotatedElementUtils;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;

/**
 * What credentials bound to stores (store managers, store-bound API keys) may do with an API operation: one rule per
 * operation (or per controller, which its operations may override), enforced for every {@code /api} request before
 * the operation runs. An operation that declares none counts as {@link Level#TENANT_WIDE}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Reach {

    Level value();

    enum Level {
        /** The whole tenant's data or settings: store-bound credentials are refused. */
        TENANT_WIDE,
        /** Data of one store each: store-bound credentials reach only their stores' part, which the operation keeps them to. */
        PER_STORE,
        /** The same for every store (the catalogue, the brand, a customer's profile, one's own account): anyone reads it. */
        SHARED;

        /** The level an operation declares, on itself or its controller; null when it declares none. */
        public static Level of(Method method) {
            Reach reach = AnnotatedElementUtils.findMergedAnnotation(method, Reach.class);
            if (reach == null) {
                reach = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), Reach.class);
            }
            return reach == null ? null : reach.value();
        }
    }
}
