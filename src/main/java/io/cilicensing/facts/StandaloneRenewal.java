package io.cilicensing.facts;

import java.time.LocalDate;

/** STANDALONE_RENEWAL: may the tenant renew its legacy license, contracted and maturing on these dates? */
public record StandaloneRenewal(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true, skus = SkuGroup.STANDALONE) Sku sku,
        @FactField(required = true) LocalDate contractedOn,
        @FactField(doc = "absent: the maturity is not checked") LocalDate maturesOn)
        implements Request {
}
