package io.footbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class FootbridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(FootbridgeApplication.class, args);
    }
}
