package io.footbridge.platform.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses the NUL character in every string of a request body, naming the field: PostgreSQL cannot store it in text,
 * and no name, address or message needs it. (Free JSON such as event properties is stored escaped and is not
 * affected.)
 */
@Configuration(proxyBeanMethods = false)
class NoNulStrings {

    @Bean
    JsonMapperBuilderCustomizer refuseNulInStrings() {
        return builder -> builder.addModule(new SimpleModule("no-nul-strings")
                .addDeserializer(String.class, new Refusing()));
    }

    static final class Refusing extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                return (String) context.handleWeirdStringValue(String.class, "(not shown)",
                        "must not contain NUL characters");
            }
            return value;
        }
    }
}
