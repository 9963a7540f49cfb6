-- What analytics_buyer_span holds already, summed over blocks of 32 from-days (see V52_0).
INSERT INTO analytics_buyer_block (tenant_id, scope_id, to_day, from_block, buyers, new_ones, repeaters)
SELECT tenant_id, scope_id, to_day, CAST(DATEDIFF('DAY', DATE '1900-01-01', from_day) / 32 AS INT), SUM(buyers), SUM(new_ones),
       SUM(repeaters)
FROM analytics_buyer_span
GROUP BY tenant_id, scope_id, to_day, CAST(DATEDIFF('DAY', DATE '1900-01-01', from_day) / 32 AS INT)
HAVING SUM(buyers) <> 0 OR SUM(new_ones) <> 0 OR SUM(repeaters) <> 0;
