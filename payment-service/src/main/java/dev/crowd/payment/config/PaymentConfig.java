package dev.crowd.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Money settings of one deployment. Amounts are in 1/10,000 of the currency unit ({@code Money.SCALE}). */
@ConfigMapping(prefix = "crowd.payment")
public interface PaymentConfig {

    /** The one ISO 4217 currency every amount of this deployment is in. */
    @WithDefault("EUR")
    String currency();

    /** Platform fee on a requester's bonus, in basis points of the bonus (1000 = 10 %). */
    @WithDefault("1000")
    int bonusFeeBasisPoints();

    /** Largest page a statement returns. */
    @WithDefault("200")
    int maxPageSize();

    /** Payout settings. */
    Payout payout();

    interface Payout {
        /** Smallest withdrawal an annotator may ask for (default 10.00 in minor units). */
        @WithDefault("100000")
        long minimum();

        /** When the daily bank-file batch of requested payouts is cut (Quartz-style cron, server time). */
        @WithDefault("0 0 16 * * ?")
        String batchCron();

        /** Where the bank-file provider writes its CSV batches. */
        @WithDefault("${java.io.tmpdir}/crowd-payouts")
        String directory();
    }
}
