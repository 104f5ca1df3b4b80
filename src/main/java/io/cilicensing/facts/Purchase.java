package io.cilicensing.facts;

import java.time.LocalDate;

/** PURCHASE: may the tenant buy this SKU on this date? */
public record Purchase(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true) Sku sku,
        @FactField(required = true, doc = "the purchase date") LocalDate date,
        @FactField(onlyWithSku = SkuGroup.LICENSE, min = 1, max = FactLimits.UNITS) Integer quantity,
        @FactField(onlyWithSku = SkuGroup.ADD_ON, min = 1, max = FactLimits.UNITS) Integer packs,
        @FactField(onlyWithSku = SkuGroup.PEOPLE_ADD_ON, requiredWithSku = true, min = 1,
                max = FactLimits.PEOPLE_PER_PACK) Long peoplePerPack,
        @FactField(onlyWithSku = SkuGroup.INTERACTED_PEOPLE) Tier tier,
        @FactField(onlyWithSku = SkuGroup.STANDALONE, doc = "when the standalone contract matures") LocalDate maturesOn)
        implements Request {
}
