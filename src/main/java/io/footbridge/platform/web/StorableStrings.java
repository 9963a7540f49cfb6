package io.footbridge.platform.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses, in every string of a request body and naming the field, what cannot be stored or encoded as text: the NUL
 * character (PostgreSQL's text refuses it) and a UTF-16 surrogate without its pair (JSON's {@code "\ud800"}), which
 * has no UTF-8 form, so a password hash, a database or a mail could not take it. No name, address or message needs
 * either. (Free JSON such as event properties is stored escaped and is not affected.)
 */
@Configuration(proxyBeanMethods = false)
class StorableStrings {

    @Bean
    JsonMapperBuilderCustomizer refuseUnstorableStrings() {
        return builder -> builder.addModule(new SimpleModule("storable-strings")
                .addDeserializer(String.class, new Refusing()));
    }

    static final class Refusing extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            if (value == null) {
                return null;
            }
            if (value.indexOf('\u0000') >= 0) {
                return (String) context.handleWeirdStringValue(String.class, "(not shown)",
                        "must not contain NUL characters");
            }
            if (hasLoneSurrogate(value)) {
                return (String) context.handleWeirdStringValue(String.class, "(not shown)",
                        "must not contain a UTF-16 surrogate without its pair");
            }
            return value;
        }
    }

    static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
