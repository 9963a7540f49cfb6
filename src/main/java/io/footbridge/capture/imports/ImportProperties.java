package io.footbridge.capture.imports;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param directory     where uploaded files wait until their import is done ({@code <data dir>/imports})
 * @param maxFileSize   largest file the API takes
 * @param workers       imports run at the same time on this node; 0 runs none (the command line runs its own)
 * @param chunkRows     rows committed together
 * @param maxErrorsKept row errors kept per import; the counts go on beyond it
 * @param maxRecordSize longest record, in characters
 * @param staleAfter    a running import whose runner has not reported for this long is taken over
 */
@ConfigurationProperties("footbridge.imports")
record ImportProperties(Path directory,
                        @DefaultValue("2GB") DataSize maxFileSize,
                        @DefaultValue("1") int workers,
                        @DefaultValue("1000") int chunkRows,
                        @DefaultValue("10000") int maxErrorsKept,
                        @DefaultValue("1048576") long maxRecordSize,
                        @DefaultValue("2m") Duration staleAfter) {
}
