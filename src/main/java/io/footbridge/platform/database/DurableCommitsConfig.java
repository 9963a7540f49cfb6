package io.footbridge.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import io.footbridge.platform.Database;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * A 2xx answer means the write is durable. PostgreSQL promises that for a commit as long as synchronous_commit is
 * on (its default; {@link CommitSettingsCheck} warns otherwise); the embedded H2 database in a file needs
 * {@link DurableDataSource}. An H2 database in memory keeps nothing past the process anyway and is left alone.
 */
@Configuration(proxyBeanMethods = false)
class DurableCommitsConfig {

    /** Whether a commit on the embedded database also waits for the disk (fsync), not only the operating system. */
    static final String FSYNC = "footbridge.database.embedded-fsync";

    @Bean
    static BeanPostProcessor durableEmbeddedDatabase(Environment environment) {
        boolean fsync = environment.getProperty(FSYNC, Boolean.class, true);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari && isEmbeddedFile(hikari.getJdbcUrl())) {
                    try {
                        return new DurableDataSource(hikari, fsync);
                    } catch (SQLException e) {
                        throw new IllegalStateException("The embedded database could not be opened: "
                                + e.getMessage(), e);
                    }
                }
                return bean;
            }
        };
    }

    /** H2 in a file: {@code jdbc:h2:file:…}, {@code jdbc:h2:./…} or {@code jdbc:h2:~/…}; not memory or a server. */
    static boolean isEmbeddedFile(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return false;
        }
        String rest = url.substring("jdbc:h2:".length());
        return !rest.startsWith("mem:") && !rest.startsWith("tcp:") && !rest.startsWith("ssl:");
    }

    @Bean
    CommitSettingsCheck commitSettingsCheck(DataSource dataSource, Database database) {
        return new CommitSettingsCheck(dataSource, database);
    }
}
