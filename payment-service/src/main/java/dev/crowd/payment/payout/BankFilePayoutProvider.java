package dev.crowd.payment.payout;

import dev.crowd.contracts.Money;
import dev.crowd.payment.Payout;
import dev.crowd.payment.PayoutBatch;
import dev.crowd.payment.config.PaymentConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes each batch as a CSV bank file ({@code payouts-<date>-<batch>.csv}) into the configured
 * directory, for the finance team to upload to the bank. Amounts are decimal with 4 places.
 * File I/O goes through Vert.x's non-blocking file system.
 */
@ApplicationScoped
public class BankFilePayoutProvider implements PayoutProvider {

    static final String HEADER = "payout_id,worker_id,amount,currency,requested_at";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Vertx vertx;
    private final PaymentConfig config;

    public BankFilePayoutProvider(Vertx vertx, PaymentConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    @Override
    public String name() {
        return "bank-file";
    }

    @Override
    public Uni<String> submit(PayoutBatch batch, List<Payout> payouts) {
        String directory = config.payout().directory();
        String file = "payouts-" + DAY.format(batch.createdAt()) + "-" + batch.id() + ".csv";
        String path = Path.of(directory, file).toString();
        return vertx.fileSystem().mkdirs(directory)
                .chain(() -> vertx.fileSystem().writeFile(path, Buffer.buffer(render(batch, payouts))))
                .replaceWith(file);
    }

    @Override
    public String render(PayoutBatch batch, List<Payout> payouts) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Payout payout : payouts) {
            csv.append(payout.id()).append(',')
                    .append(csvField(payout.workerId())).append(',')
                    .append(BigDecimal.valueOf(payout.amount(), Money.SCALE).toPlainString()).append(',')
                    .append(payout.currency()).append(',')
                    .append(payout.requestedAt()).append('\n');
        }
        return csv.toString();
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
